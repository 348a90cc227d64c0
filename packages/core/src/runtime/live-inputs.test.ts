import { firstValueFrom, lastValueFrom, of, Subject, toArray } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import type { LiveProtocol } from './testing/live-protocol.js';
import { ModelWorker } from './model-worker.js';
import { siblingEntry } from './spawn-module-worker.js';

const started: ModelWorker<LiveProtocol>[] = [];

function start() {
  const released = new Int32Array(new SharedArrayBuffer(4));
  const worker = new ModelWorker<LiveProtocol>({
    name: 'live model',
    entry: siblingEntry(import.meta.url, 'testing/live-model'),
    load: { released: released.buffer as SharedArrayBuffer },
  });
  started.push(worker);
  return { worker, released: () => Atomics.load(released, 0) === 1 };
}

afterEach(async () => {
  await Promise.all(started.splice(0).map((worker) => worker.dispose()));
});

describe('ModelService.liveInputs', () => {
  it('hands each input to the running request as it arrives, and ends the request when its open returns', async () => {
    const { worker } = start();
    const inputs = new Subject<number>();
    const outputs = new Subject<number>();
    const all = lastValueFrom(outputs.pipe(toArray()));
    worker.request({ id: 'a' }, { inputs }).subscribe(outputs);
    // Each input is answered before the next is sent: the request is running, not queued behind its open.
    for (const input of [1, 2, 3]) {
      const answer = firstValueFrom(outputs);
      inputs.next(input);
      expect(await answer).toBe(input * 10);
    }
    inputs.complete();
    expect(await all).toEqual([10, 20, 30]);
    expect(await worker.stats()).toEqual({ finished: ['a'] });
  });

  it('a request cancelled while it waits for input stops at once, and the next request runs', async () => {
    const { worker } = start();
    const waiting = worker.request({ id: 'waiting' }, { inputs: new Subject<number>() }).subscribe();
    await expect.poll(() => worker.stats()).toEqual({ finished: [] });
    waiting.unsubscribe();
    expect(await lastValueFrom(worker.request({ id: 'next' }, { inputs: of(4) }).pipe(toArray()))).toEqual([40]);
    expect((await worker.stats()).finished).toEqual(['waiting', 'next']);
  });

  it('dispose wakes a request waiting for input, frees the model and ends the thread', async () => {
    const { worker, released } = start();
    const outputs = lastValueFrom(worker.request({ id: 'waiting' }, { inputs: new Subject<number>() }));
    await expect.poll(() => worker.stats()).toEqual({ finished: [] });
    const cancelled = expect(outputs).rejects.toMatchObject({ code: 'CANCELLED' });
    await worker.dispose();
    await cancelled;
    expect(released()).toBe(true);
  });
});
