import { ParleyError, type PcmFrame } from '@parley/core';
import { Observable, type Subscriber, type Subscription } from 'rxjs';
import { mergeRunStats, type RunStats } from '../model/run-monitor.js';
import type { ResolvedSynthesisOptions } from '../synthesis/options.js';
import { EngineWorker, type EngineWorkerOptions, type SegmentText } from './engine-worker.js';

/** Options of {@link WorkerPool.start}. */
export interface WorkerPoolOptions extends EngineWorkerOptions {
  /** Engine workers, each with its own copy of the model (≥ 1). */
  readonly workers: number;
  /** Segments that may wait for a free worker; one more fails at once with OVERLOADED (≥ 0). */
  readonly maxQueuedSegments: number;
}

/** One worker and how many segments it is speaking. */
interface Slot {
  readonly worker: EngineWorker;
  busy: number;
}

/** A segment waiting for a worker. */
interface Waiting {
  start(slot: Slot): void;
  fail(error: ParleyError): void;
}

/**
 * Several engine workers behind one queue. Each worker speaks one segment at a time (its ONNX
 * runs are synchronous, so a second one there would only wait); a new segment goes to the
 * least busy worker, or waits in a bounded FIFO queue. Past the bound it fails at once with
 * OVERLOADED (retryable): a caller learns "busy" now rather than after a queue's worth of
 * latency. A segment unsubscribed while waiting leaves the queue and never reaches a worker.
 */
export class WorkerPool {
  private readonly queue: Waiting[] = [];
  private closed: ParleyError | undefined;

  private constructor(
    private readonly slots: readonly Slot[],
    private readonly maxQueuedSegments: number,
  ) {}

  /**
   * Starts `workers` workers and loads the model in each, all at once.
   * @throws ParleyError from the first load that failed; the others are disposed.
   */
  static async start(options: WorkerPoolOptions): Promise<WorkerPool> {
    const settled = await Promise.allSettled(Array.from({ length: options.workers }, () => EngineWorker.start(options)));
    const workers = settled.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
    const failed = settled.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failed) {
      await Promise.all(workers.map((worker) => worker.dispose()));
      throw failed.reason;
    }
    return new WorkerPool(
      workers.map((worker) => ({ worker, busy: 0 })),
      options.maxQueuedSegments,
    );
  }

  /** The first worker: every worker loaded the same model. */
  get primary(): EngineWorker {
    return this.slots[0]!.worker;
  }

  /** The number of workers. */
  get size(): number {
    return this.slots.length;
  }

  /** Segments waiting for a worker now. */
  get queued(): number {
    return this.queue.length;
  }

  /**
   * Speaks one segment (whole, or its pieces as they arrive) on the least busy worker, or
   * queues it. Cold: nothing happens before
   * subscribe; unsubscribing a waiting segment removes it from the queue, a running one cancels it.
   */
  speak(text: SegmentText, options: ResolvedSynthesisOptions): Observable<PcmFrame> {
    return new Observable<PcmFrame>((subscriber) => {
      if (this.closed) return void subscriber.error(this.closed);
      let running: Subscription | undefined;
      const waiting: Waiting = {
        start: (slot) => (running = this.run(slot, text, options, subscriber)),
        fail: (error) => subscriber.error(error),
      };
      const idle = this.idleSlot();
      if (idle) waiting.start(idle);
      else if (this.queue.length >= this.maxQueuedSegments) return void subscriber.error(overloaded(this.queue.length));
      else this.queue.push(waiting);
      return () => {
        const index = this.queue.indexOf(waiting);
        if (index >= 0) this.queue.splice(index, 1);
        running?.unsubscribe();
      };
    });
  }

  /** ONNX runs started so far, all workers together. */
  runsStarted(): number {
    return this.slots.reduce((total, slot) => total + slot.worker.runsStarted(), 0);
  }

  /** Per-graph run counts and times, all workers together. */
  async stats(): Promise<RunStats> {
    return mergeRunStats(await Promise.all(this.slots.map((slot) => slot.worker.stats())));
  }

  /** Fails the waiting segments with CANCELLED and disposes every worker. */
  async dispose(): Promise<void> {
    this.closed ??= new ParleyError('CANCELLED', 'the engine was closed');
    const error = this.closed;
    for (const waiting of this.queue.splice(0)) waiting.fail(error);
    await Promise.all(this.slots.map((slot) => slot.worker.dispose()));
  }

  /**
   * Speaks on `slot`. The worker is freed and the queue served *before* the end is forwarded:
   * a stream's next segment, subscribed synchronously on that end, then queues behind segments
   * that were already waiting (first come, first served) rather than jumping ahead of them.
   */
  private run(slot: Slot, text: SegmentText, options: ResolvedSynthesisOptions, subscriber: Subscriber<PcmFrame>): Subscription {
    slot.busy++;
    let freed = false;
    const free = () => {
      if (freed) return;
      freed = true;
      slot.busy--;
      this.dispatch();
    };
    const inner = slot.worker.speak(text, options).subscribe({
      next: (frame) => subscriber.next(frame),
      error: (error: unknown) => {
        free();
        subscriber.error(error);
      },
      complete: () => {
        free();
        subscriber.complete();
      },
    });
    inner.add(free);
    return inner;
  }

  /** Hands waiting segments to free workers, oldest first. */
  private dispatch(): void {
    for (let slot = this.idleSlot(); slot && this.queue.length > 0 && !this.closed; slot = this.idleSlot()) {
      this.queue.shift()!.start(slot);
    }
  }

  /** The least busy worker with nothing running, if any. */
  private idleSlot(): Slot | undefined {
    return this.slots.find((slot) => slot.busy === 0);
  }
}

function overloaded(queued: number): ParleyError {
  return new ParleyError(
    'OVERLOADED',
    `the TTS engine is busy: ${queued} segments are already waiting (maxQueuedSegments); try again later`,
    { retryable: true },
  );
}
