/**
 * The VAD worker thread's entry: wires {@link VadWorkerHost} to `parentPort`. Spawned by
 * {@link SileroVad}; never imported by the main thread.
 */
import { parentPort } from 'node:worker_threads';
import type { ToVadWorker } from './protocol.js';
import { VadWorkerHost } from './vad-worker-host.js';

if (!parentPort) throw new Error('vad-worker-entry must run in a worker thread');
const port = parentPort;
const host = new VadWorkerHost((message) => port.postMessage(message));
port.on('message', (message: ToVadWorker) => host.handle(message));
