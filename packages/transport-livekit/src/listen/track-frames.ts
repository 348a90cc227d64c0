import { AudioStream, type Track } from '@livekit/rtc-node';
import { assertFormat, toParleyError, type PcmFrame } from '@parley/core';
import { fromAudioFrame } from '@parley/core/livekit';
import { Observable } from 'rxjs';
import type { ListenOptions } from '../room/room-connection.js';

/**
 * The audio of `track` as PcmFrames: an rtc-node `AudioStream` (which resamples and mixes to
 * `sampleRate` × `channels` natively) read frame by frame. Cold: each subscription opens its
 * own stream. Completes when the stream ends — rtc-node ends it when the track is closed or
 * unsubscribed — and unsubscribing cancels the stream, which releases its native handle.
 *
 * Frames arrive as rtc-node made them (tight buffers of their own, measured), so
 * `fromAudioFrame` wraps them without a copy.
 *
 * @throws ParleyError INVALID_INPUT at once for a bad rate or channel count.
 *
 * @example
 * ```ts
 * trackFrames(remoteTrack, { sampleRate: 16_000 }).subscribe((frame) => vad.push(frame));
 * ```
 */
export function trackFrames(track: Track, options: ListenOptions = {}): Observable<PcmFrame> {
  const { sampleRate = 16_000, channels = 1, frameSizeMs } = options;
  assertFormat(sampleRate, channels);
  return new Observable<PcmFrame>((subscriber) => {
    const stream = new AudioStream(track, {
      sampleRate,
      numChannels: channels,
      ...(frameSizeMs === undefined ? {} : { frameSizeMs }),
    });
    const reader = stream.getReader();
    void (async () => {
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done || subscriber.closed) break;
          subscriber.next(fromAudioFrame(value));
        }
        subscriber.complete();
      } catch (error) {
        subscriber.error(toParleyError(error));
      }
    })();
    // cancel() tears the native stream down; a read still pending then reports done.
    return () => void reader.cancel().catch(() => undefined);
  });
}
