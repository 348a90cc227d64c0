import { frames, PcmFrame, resample } from '@parley/core';
import { map, type OperatorFunction } from 'rxjs';
import { VAD_SAMPLE_RATE_HZ, VAD_WINDOW_MS } from './silero/model-file.js';

/**
 * Cuts audio of any rate and channel count into the model's windows: mono (channels averaged),
 * 16 kHz (core's streaming resampler; time-aligned, so window `i` covers
 * [i × 32 ms, (i + 1) × 32 ms) of the input), 512 samples each. The last, partial window is padded
 * with silence.
 */
export function vadWindows(): OperatorFunction<PcmFrame, PcmFrame> {
  return (source) => source.pipe(map(toMono), resample(VAD_SAMPLE_RATE_HZ), frames(VAD_WINDOW_MS, { padLast: true }));
}

/** `frame` with its channels averaged; a mono frame passes through. */
export function toMono(frame: PcmFrame): PcmFrame {
  if (frame.channels === 1) return frame;
  const { channels, samplesPerChannel, data } = frame;
  const mono = new Int16Array(samplesPerChannel);
  for (let i = 0; i < samplesPerChannel; i++) {
    let sum = 0;
    for (let c = 0; c < channels; c++) sum += data[i * channels + c]!;
    mono[i] = Math.round(sum / channels);
  }
  return new PcmFrame(mono, frame.sampleRate);
}
