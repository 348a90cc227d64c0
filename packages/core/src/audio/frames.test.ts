import fc from 'fast-check';
import { from, lastValueFrom, Subject, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { frames } from './frames.js';
import { PcmFrame, isTight } from './pcm-frame.js';

const ramp = (length: number, start = 0): Int16Array => Int16Array.from({ length }, (_, i) => (start + i) % 30000);

function chunked(samples: Int16Array, sizes: number[], sampleRate = 24_000, channels = 1): PcmFrame[] {
  const chunks: PcmFrame[] = [];
  let at = 0;
  for (const size of sizes) {
    if (at >= samples.length) break;
    const end = Math.min(samples.length, at + size * channels);
    chunks.push(new PcmFrame(samples.subarray(at, end), sampleRate, channels));
    at = end;
  }
  if (at < samples.length) chunks.push(new PcmFrame(samples.subarray(at), sampleRate, channels));
  return chunks;
}

const run = (chunks: PcmFrame[], ms: number, padLast = false) => lastValueFrom(from(chunks).pipe(frames(ms, { padLast }), toArray()));

describe('frames()', () => {
  it.each([10, 20, 40])('cuts any chunking into exact %i ms frames and keeps every sample in order', async (ms) => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 1, max: 3000 }), { minLength: 1, maxLength: 40 }), async (sizes) => {
        const total = sizes.reduce((a, b) => a + b, 0);
        const samples = ramp(total);
        const out = await run(chunked(samples, sizes), ms);
        const frameSamples = (24_000 * ms) / 1000;
        out.slice(0, -1).forEach((frame) => expect(frame.samplesPerChannel).toBe(frameSamples));
        expect(out.at(-1)!.samplesPerChannel).toBeLessThanOrEqual(frameSamples);
        const joined = new Int16Array(total);
        let at = 0;
        for (const frame of out) {
          joined.set(frame.data, at);
          at += frame.data.length;
        }
        expect(joined).toEqual(samples);
      }),
      { numRuns: 50 },
    );
  });

  it('emits tight frames even when input chunks are views into one buffer', async () => {
    const out = await run(chunked(ramp(2000), [7, 500, 1, 900]), 20);
    for (const frame of out) expect(isTight(frame.data)).toBe(true);
  });

  it('flushes the remainder short on completion, or padded with silence when asked', async () => {
    const short = await run([new PcmFrame(ramp(500), 24_000)], 20);
    expect(short.map((f) => f.samplesPerChannel)).toEqual([480, 20]);
    const padded = await run([new PcmFrame(ramp(500, 1), 24_000)], 20, true);
    expect(padded.map((f) => f.samplesPerChannel)).toEqual([480, 480]);
    expect(padded[1]!.data[19]).toBe(500);
    expect(padded[1]!.data.subarray(20).every((s) => s === 0)).toBe(true);
  });

  it('keeps stereo frames whole (samples per channel, not per array)', async () => {
    const out = await run(chunked(ramp(48_000 * 2 * 0.05), [333, 1000], 48_000, 2), 10);
    expect(out[0]!.samplesPerChannel).toBe(480);
    expect(out[0]!.data.length).toBe(960);
    expect(out[0]!.channels).toBe(2);
  });

  it('emits a frame as soon as it is full, before the source completes', () => {
    const source = new Subject<PcmFrame>();
    const seen: number[] = [];
    source.pipe(frames(20)).subscribe((frame) => seen.push(frame.samplesPerChannel));
    source.next(new PcmFrame(ramp(300), 24_000));
    expect(seen).toEqual([]);
    source.next(new PcmFrame(ramp(300), 24_000));
    expect(seen).toEqual([480]);
  });

  it('fails with INVALID_INPUT when the format changes mid-stream', async () => {
    const chunks = [new PcmFrame(ramp(100), 24_000), new PcmFrame(ramp(100), 48_000)];
    await expect(run(chunks, 20)).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/format changed/) });
  });

  it('rejects durations that are not a whole number of samples', async () => {
    await expect(run([new PcmFrame(ramp(100), 22_050)], 10)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(() => frames(0)).toThrow(/positive/);
  });

  it('does nothing for an empty stream', async () => {
    expect(await run([], 20)).toEqual([]);
  });
});
