/**
 * Test audio: real synthesized speech (text2wav: espeak-ng compiled to WebAssembly, 22,050 Hz),
 * silence and low white noise, and the speech's true bounds measured from its energy. Used by the
 * VAD tests; no file is read or written.
 */
import { concatSamples, decodeWav, PcmFrame } from '@parley/core';
import { from, type Observable } from 'rxjs';
import text2wav from 'text2wav';

/** text2wav's output rate (espeak-ng's). */
export const SPEECH_RATE_HZ = 22_050;

/** Speaks `text` with espeak-ng's default English voice. */
export async function speak(text: string): Promise<PcmFrame> {
  const { samples, sampleRate } = decodeWav(await withoutProcessHooks(() => text2wav(text)));
  return new PcmFrame(samples, sampleRate);
}

/**
 * Runs `call`, then removes the process-wide handlers it added. text2wav's Emscripten runtime
 * adds, on every call, an `unhandledRejection` handler that aborts the whole process and an
 * `uncaughtException` handler that rethrows: left in place they turn any stray rejection in a
 * test into a crash of the test worker.
 */
async function withoutProcessHooks<T>(call: () => Promise<T>): Promise<T> {
  const rejections = new Set(process.listeners('unhandledRejection'));
  const exceptions = new Set(process.listeners('uncaughtException'));
  try {
    return await call();
  } finally {
    for (const listener of process.listeners('unhandledRejection')) {
      if (!rejections.has(listener)) process.off('unhandledRejection', listener);
    }
    for (const listener of process.listeners('uncaughtException')) {
      if (!exceptions.has(listener)) process.off('uncaughtException', listener);
    }
  }
}

/** `ms` of digital silence. */
export function silence(ms: number, sampleRate = SPEECH_RATE_HZ): PcmFrame {
  return new PcmFrame(new Int16Array(Math.round((ms * sampleRate) / 1000)), sampleRate);
}

/** `ms` of white noise at `dbfs` RMS (e.g. -50), from a seeded generator: the same every run. */
export function noise(ms: number, dbfs: number, sampleRate = SPEECH_RATE_HZ, seed = 1): PcmFrame {
  const rms = 32_767 * 10 ** (dbfs / 20);
  const samples = new Int16Array(Math.round((ms * sampleRate) / 1000));
  let state = seed;
  const uniform = () => (state = (state * 1_103_515_245 + 12_345) >>> 0) / 2 ** 32;
  // Uniform noise in [-a, a] has RMS a / √3.
  for (let i = 0; i < samples.length; i++) samples[i] = Math.round((uniform() * 2 - 1) * rms * Math.sqrt(3));
  return new PcmFrame(samples, sampleRate);
}

/** Mixes `under` into `over` sample by sample (same rate; `under` repeats if shorter). */
export function mix(over: PcmFrame, under: PcmFrame): PcmFrame {
  const out = new Int16Array(over.data.length);
  for (let i = 0; i < out.length; i++) {
    out[i] = Math.max(-32_768, Math.min(32_767, over.data[i]! + under.data[i % under.data.length]!));
  }
  return new PcmFrame(out, over.sampleRate);
}

/** The parts one after the other, as one frame (all of one rate). */
export function join(...parts: PcmFrame[]): PcmFrame {
  return new PcmFrame(
    concatSamples(
      parts.map((part) => part.data),
      (n) => new Int16Array(n),
    ),
    parts[0]!.sampleRate,
  );
}

/** `audio` as a stream of `chunkMs` frames, as a microphone would deliver it. */
export function chunked(audio: PcmFrame, chunkMs = 20): Observable<PcmFrame> {
  const size = Math.round((audio.sampleRate * chunkMs) / 1000);
  const chunks: PcmFrame[] = [];
  for (let at = 0; at < audio.data.length; at += size) chunks.push(new PcmFrame(audio.data.slice(at, at + size), audio.sampleRate));
  return from(chunks);
}

/** Where speech is in a clip, in ms. */
interface SpeechBounds {
  startMs: number;
  endMs: number;
}

/**
 * The first and last 10 ms block whose RMS is within 40 dB of the loudest block: where the
 * speech really starts and ends, independently of the model. 40 dB keeps soft onsets and
 * trailing fricatives and stays far above a -60 dBFS noise floor.
 */
function energyBounds(audio: PcmFrame, rangeDb = 40): SpeechBounds {
  const block = Math.round(audio.sampleRate / 100);
  const levels: number[] = [];
  for (let at = 0; at + block <= audio.data.length; at += block) {
    let sum = 0;
    for (let i = at; i < at + block; i++) sum += audio.data[i]! ** 2;
    levels.push(Math.sqrt(sum / block));
  }
  const floor = Math.max(...levels) * 10 ** (-rangeDb / 20);
  const first = levels.findIndex((level) => level > floor);
  const last = levels.findLastIndex((level) => level > floor);
  return { startMs: first * 10, endMs: (last + 1) * 10 };
}

/** `audio` cut to its {@link energyBounds}: speech with no lead-in or tail, so gaps can be exact. */
export function trimmed(audio: PcmFrame): PcmFrame {
  const { startMs, endMs } = energyBounds(audio);
  const at = (ms: number) => Math.round((ms * audio.sampleRate) / 1000);
  return new PcmFrame(audio.data.slice(at(startMs), at(endMs)), audio.sampleRate);
}
