/**
 * The worker thread's entry: wires {@link WorkerHost} to `parentPort`. Spawned by
 * {@link spawnEngineWorker}; never imported by the main thread.
 */
import { parentPort } from 'node:worker_threads';
import type { ToWorker } from './protocol.js';
import { WorkerHost } from './worker-host.js';

if (!parentPort) throw new Error('worker/entry must run in a worker thread');
const port = parentPort;
const host = new WorkerHost((message, transfer) => port.postMessage(message, transfer ?? []));
port.on('message', (message: ToWorker) => host.handle(message));
