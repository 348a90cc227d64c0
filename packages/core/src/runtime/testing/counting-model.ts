// A worker entry for model-worker.test.ts: a "model" whose every run is a few milliseconds of
// synchronous work, as an ONNX run is, so that cancellation is tested against a busy thread.
import { ParleyError } from '../../errors.js';
import { serveModel, type ModelService, type RequestReply } from '../model-host.js';
import type { CountingProtocol } from './counting-protocol.js';

/** Blocks this thread for `ms`, as onnxruntime-node's `session.run` does. */
function busy(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

class CountingModel implements ModelService<CountingProtocol> {
  private runs: Int32Array = new Int32Array(1);
  private released: Int32Array | undefined;
  private readonly made = { opened: 0, outputs: 0 };

  async load(options: CountingProtocol['load'], runCounter: Int32Array): Promise<string> {
    if (options.fail) throw new ParleyError('MODEL_NOT_FOUND', `no model at ${options.fail}`);
    this.runs = runCounter;
    this.released = new Int32Array(options.released);
    await new Promise((resolve) => setTimeout(resolve, options.loadMs));
    return 'counting model';
  }

  async open(request: CountingProtocol['request'], reply: RequestReply<number>) {
    if (request.crash) process.exit(3);
    this.made.opened++;
    for (let i = 0; i < request.count; i++) {
      if (reply.signal.aborted) return;
      Atomics.add(this.runs, 0, 1);
      busy(request.runMs);
      if (request.failAt === i) throw new ParleyError('INVALID_INPUT', `run ${i} refused`);
      this.made.outputs++;
      reply.emit(i);
      await new Promise((resolve) => setImmediate(resolve)); // lets messages in between runs
    }
    if (!request.streaming) return;
    return async (input: number) => {
      if (reply.signal.aborted) return;
      Atomics.add(this.runs, 0, 1);
      this.made.outputs++;
      reply.emit(input * 2);
    };
  }

  stats(): CountingProtocol['stats'] {
    return { ...this.made };
  }

  async release(): Promise<void> {
    Atomics.store(this.released!, 0, 1);
  }
}

serveModel<CountingProtocol>(new CountingModel());
