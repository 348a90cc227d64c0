import { Observable, ReplaySubject } from 'rxjs';

/**
 * The input side of a LiveKit `SynthesizeStream` (its `input` queue): text pieces, and a
 * symbol (the flush marker) wherever a segment ends. `next` takes an abort signal, so a reader
 * that gives up leaves the next item in the queue.
 */
export interface TextInput {
  next(options?: { signal?: AbortSignal }): Promise<IteratorResult<string | symbol>>;
}

/**
 * Reads `input` into segments: one inner Observable per segment, emitted as soon as the
 * segment's first non-empty piece arrives, carrying the segment's text pieces as they come and
 * completing at the flush marker (or at the end of input). An inner Observable replays what it
 * already received, so a segment may be subscribed after its text arrived (while the previous
 * one is still being spoken). Flushes with no text in between make no segment, as in the base
 * class's metrics, which count characters per non-empty flush.
 *
 * Unsubscribing stops reading at once: the pending `next` is aborted, so an item that arrives
 * later stays in the queue for whoever reads next (LiveKit's retry re-runs `run()` on the
 * same queue).
 *
 * @example
 * ```ts
 * inputSegments(this.input).pipe(concatMap((text$) => engine.synthesize(text$)));
 * ```
 */
export function inputSegments(input: TextInput): Observable<Observable<string>> {
  return new Observable<Observable<string>>((subscriber) => {
    const stop = new AbortController();
    let segment: ReplaySubject<string> | undefined;
    const read = async (): Promise<void> => {
      for (;;) {
        const item = await input.next({ signal: stop.signal });
        if (item.done) break;
        if (typeof item.value !== 'string') {
          segment?.complete();
          segment = undefined;
        } else if (item.value !== '') {
          if (!segment) {
            segment = new ReplaySubject<string>();
            subscriber.next(segment.asObservable());
          }
          segment.next(item.value);
        }
      }
      segment?.complete();
      subscriber.complete();
    };
    read().catch((error: unknown) => {
      if (!stop.signal.aborted) subscriber.error(error);
    });
    return () => stop.abort();
  });
}
