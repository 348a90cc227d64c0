/**
 * Conversion between parley's {@link PcmFrame} and @livekit/rtc-node's `AudioFrame`.
 * A separate entry point (`@parley/core/livekit`) so that @livekit/rtc-node stays an optional
 * peer dependency of @parley/core.
 * @packageDocumentation
 */
import { AudioFrame } from '@livekit/rtc-node';
import { PcmFrame } from './audio/pcm-frame.js';

/**
 * Wraps a PcmFrame as an rtc-node `AudioFrame` without copying: a PcmFrame's buffer is always
 * tight, which is what rtc-node's native side needs (it reads `data.buffer` from offset 0).
 */
export function toAudioFrame(frame: PcmFrame): AudioFrame {
  return new AudioFrame(frame.data, frame.sampleRate, frame.channels, frame.samplesPerChannel);
}

/**
 * Turns an rtc-node `AudioFrame` into a PcmFrame; its samples are copied only when they do not
 * already own a tight buffer (frames from an AudioStream may be views into a larger one).
 */
export function fromAudioFrame(frame: AudioFrame): PcmFrame {
  const samples = frame.data.subarray(0, frame.samplesPerChannel * frame.channels);
  return new PcmFrame(samples, frame.sampleRate, frame.channels);
}
