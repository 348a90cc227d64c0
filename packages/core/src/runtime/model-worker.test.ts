import { setTimeout as delay } from 'node:timers/promises';
import { lastValueFrom, Subject, take, tap, toArray } from 'rxjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CountingProtocol } from './testing/counting-protocol.js';
import { ModelWorker } from './model-worker.js';
import { siblingEntry } from './spawn-module-worker.js';

const started: ModelWorker<CountingProtocol>[] = [];

/** A counting model in a real worker thread; `released` shows whether it freed its model. */
function start(load: Partial<CountingProtocol['load']> = {}) {
  const released = new Int32Array(new SharedArrayBuffer(4));
  const worker = new ModelWorker<CountingProtocol>({
    name: 'counting model',
    entry: siblingEntry(import.meta.url, 'testing/counting-model'),
    load: { loadMs: 0, released: released.buffer as SharedArrayBuffer, ...load },
  });
  started.push(worker);
  return { worker, released: () => Atomics.load(released, 0) === 1 };
}

afterEach(async () => {
  await Promise.all(started.splice(0).map((worker) => worker.dispose()));
});

describe('ModelWorker', () => {
  it('streams a request’s outputs and completes; requests sent before the load wait for it', async () => {
    const { worker } = start({ loadMs: 100 });
    const outputs = await lastValueFrom(worker.request({ count: 5, runMs: 1 }).pipe(toArray()));
    expect(outputs).toEqual([0, 1, 2, 3, 4]);
    expect(await worker.ready).toBe('counting model');
    expect(worker.runsStarted()).toBe(5);
    expect(await worker.stats()).toEqual({ opened: 1, outputs: 5 });
  });

  it('sends a streaming request’s inputs as they arrive and ends after the last one', async () => {
    const { worker } = start();
    const inputs = new Subject<number>();
    const outputs = lastValueFrom(worker.request({ count: 1, runMs: 0, streaming: true }, { inputs }).pipe(toArray()));
    for (const input of [1, 2, 3]) inputs.next(input);
    inputs.complete();
    expect(await outputs).toEqual([0, 2, 4, 6]);
  });

  it('carries a worker-side error across as the same ParleyError, ending only its own request', async () => {
    const { worker } = start();
    const failing = lastValueFrom(worker.request({ count: 5, runMs: 0, failAt: 2 }).pipe(toArray()));
    const other = lastValueFrom(worker.request({ count: 2, runMs: 0 }).pipe(toArray()));
    await expect(failing).rejects.toMatchObject({ name: 'ParleyError', code: 'INVALID_INPUT', message: 'run 2 refused', retryable: false });
    expect(await other).toEqual([0, 1]);
  });

  it('fails the load with its code, and every request with it', async () => {
    const { worker, released } = start({ fail: '/nowhere' });
    await expect(worker.ready).rejects.toMatchObject({ code: 'MODEL_NOT_FOUND', message: 'no model at /nowhere' });
    await expect(lastValueFrom(worker.request({ count: 1, runMs: 0 }))).rejects.toMatchObject({ code: 'MODEL_NOT_FOUND' });
    await worker.dispose();
    expect(released()).toBe(false); // nothing was loaded to free
  });

  it('stops a cancelled request before its next run, and the worker sends nothing more for it', async () => {
    const { worker } = start();
    await worker.ready;
    let runsAtCancel = -1;
    // take(4) unsubscribes on the fourth output, in the same turn as the tap reads the count.
    const counted = tap((output: number) => output === 3 && (runsAtCancel = worker.runsStarted()));
    const seen = await lastValueFrom(worker.request({ count: 10_000, runMs: 5 }).pipe(counted, take(4), toArray()));
    await worker.stats(); // the worker has handled the cancel
    const strays = worker.strayMessages;
    await delay(100); // time for stray messages to arrive, were the worker still sending
    expect(seen).toEqual([0, 1, 2, 3]);
    expect(worker.runsStarted() - runsAtCancel).toBeLessThanOrEqual(1); // at most the run under way
    expect(worker.strayMessages).toBe(strays);
  });

  it('never runs a request cancelled while it waits behind another', async () => {
    const { worker } = start();
    await worker.ready;
    const first = worker.request({ count: 20, runMs: 5 }).subscribe();
    const queued: number[] = [];
    worker
      .request({ count: 20, runMs: 0 })
      .subscribe((output) => queued.push(output))
      .unsubscribe();
    await vi.waitFor(() => expect(worker.runsStarted()).toBeGreaterThan(2)); // the first one is running
    first.unsubscribe();
    const runs = worker.runsStarted();
    await delay(50);
    expect(queued).toEqual([]);
    expect((await worker.stats()).opened).toBe(1); // the queued one never started
    expect(worker.runsStarted() - runs).toBeLessThanOrEqual(1);
  });

  it('dispose ends open requests with CANCELLED at once, frees the model and refuses new requests', async () => {
    const { worker, released } = start();
    await worker.ready;
    const open = lastValueFrom(worker.request({ count: 10_000, runMs: 5 })).catch((error: unknown) => error);
    await vi.waitFor(() => expect(worker.runsStarted()).toBeGreaterThan(0));
    const disposing = worker.dispose();
    expect(await open).toMatchObject({ code: 'CANCELLED', message: 'the counting model was disposed' });
    await disposing;
    const runs = worker.runsStarted();
    expect(released()).toBe(true);
    await expect(lastValueFrom(worker.request({ count: 1, runMs: 0 }))).rejects.toMatchObject({ code: 'CANCELLED' });
    await expect(worker.stats()).rejects.toMatchObject({ code: 'CANCELLED' });
    await delay(50);
    expect(worker.runsStarted()).toBe(runs);
  });

  it('ends every open request with INTERNAL when the worker crashes, and refuses new ones', async () => {
    const { worker } = start();
    await worker.ready;
    const inputs = new Subject<number>(); // never ends: the request stays open in the worker
    const open = lastValueFrom(worker.request({ count: 0, runMs: 0, streaming: true }, { inputs })).catch((e: unknown) => e);
    const crashing = lastValueFrom(worker.request({ count: 1, runMs: 0, crash: true })).catch((e: unknown) => e);
    const exited = { code: 'INTERNAL', message: 'counting model worker exited (code 3)', retryable: true };
    expect(await Promise.all([open, crashing])).toMatchObject([exited, exited]);
    await expect(lastValueFrom(worker.request({ count: 1, runMs: 0 }))).rejects.toMatchObject(exited);
  });
});
