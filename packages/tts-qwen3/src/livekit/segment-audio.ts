import type { tts } from '@livekit/agents';
import { frames, type AudioEvent, type PcmFrame, type SpeechEvent } from '@parley/core';
import { toAudioFrame } from '@parley/core/livekit';
import { Observable, filter, map, tap, type OperatorFunction } from 'rxjs';

/** A frame of a segment, and whether it is the segment's last. */
export interface SegmentFrame {
  frame: PcmFrame;
  final: boolean;
}

/**
 * The audio of one segment as LiveKit wants it: the engine's chunks (320 ms, then 2 s) re-cut
 * into steady `frameMs` frames, each in a buffer of its own, with the last one marked `final`.
 * `onEngineStart` runs on each of the engine's `segment-start` events, i.e. when a sentence
 * reaches the engine (the point TTFB is measured from).
 *
 * A failed segment errors without a `final` frame; its held-back last frame is dropped.
 */
export function segmentFrames(events: Observable<SpeechEvent>, frameMs: number, onEngineStart: () => void): Observable<SegmentFrame> {
  return events.pipe(
    tap((event) => {
      if (event.type === 'segment-start') onEngineStart();
    }),
    filter((event): event is AudioEvent => event.type === 'audio'),
    map((event) => event.frame),
    frames(frameMs),
    markLast(),
  );
}

/**
 * Holds each frame back until the next one arrives (or the source completes), so the last one
 * can be marked `final`. This delays no audio that is ready: frames cut from one engine chunk
 * arrive together, and only the very last of a chunk waits for the next chunk.
 */
export function markLast(): OperatorFunction<PcmFrame, SegmentFrame> {
  return (source) =>
    new Observable<SegmentFrame>((subscriber) => {
      let held: PcmFrame | undefined;
      return source.subscribe({
        next: (frame) => {
          if (held) subscriber.next({ frame: held, final: false });
          held = frame;
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => {
          if (held) subscriber.next({ frame: held, final: true });
          subscriber.complete();
        },
      });
    });
}

/**
 * Wraps a segment frame as LiveKit's `SynthesizedAudio`. The rtc-node `AudioFrame` shares the
 * PcmFrame's samples, which are tight (offset 0, exact length) and used by no other frame,
 * since rtc-node hands `data.buffer` to native code whole.
 */
export function toSynthesizedAudio({ frame, final }: SegmentFrame, requestId: string, segmentId: string): tts.SynthesizedAudio {
  return { requestId, segmentId, frame: toAudioFrame(frame), final };
}
