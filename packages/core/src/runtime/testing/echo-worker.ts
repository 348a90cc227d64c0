// A worker entry for spawn-module-worker.test.ts: TypeScript, importing a workspace package by
// name, which only works when tsx and the "@parley/source" condition are set up in the worker.
import { parentPort } from 'node:worker_threads';
import { ParleyError } from '@parley/core';

parentPort!.on('message', (text: string) => {
  parentPort!.postMessage(new ParleyError('INVALID_INPUT', text.toUpperCase() satisfies string).message);
});
