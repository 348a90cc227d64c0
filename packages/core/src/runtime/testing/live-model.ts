// A worker entry for live-inputs.test.ts: a request that takes its inputs while it runs, as a
// synthesis takes text, waiting for more when it has none.
import { serveModel, type ModelService, type RequestReply } from '../model-host.js';
import type { LiveProtocol } from './live-protocol.js';

class LiveModel implements ModelService<LiveProtocol> {
  readonly liveInputs = true;
  private runs: Int32Array = new Int32Array(1);
  private released: Int32Array | undefined;
  private readonly finished: string[] = [];

  async load(options: LiveProtocol['load'], runCounter: Int32Array): Promise<string> {
    this.runs = runCounter;
    this.released = new Int32Array(options.released);
    return 'live model';
  }

  async open(request: LiveProtocol['request'], reply: RequestReply<number, number>): Promise<void> {
    while (!reply.signal.aborted) {
      for (const value of reply.inputs.drain()) {
        Atomics.add(this.runs, 0, 1);
        reply.emit(value * 10);
      }
      if (reply.inputs.ended) break;
      await reply.inputs.changed();
    }
    this.finished.push(request.id);
  }

  stats(): LiveProtocol['stats'] {
    return { finished: [...this.finished] };
  }

  async release(): Promise<void> {
    Atomics.store(this.released!, 0, 1);
  }
}

serveModel<LiveProtocol>(new LiveModel());
