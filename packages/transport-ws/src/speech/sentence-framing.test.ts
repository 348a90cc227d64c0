import { describe, expect, it } from 'vitest';
import { decodeWav, PcmFrame } from '@parley/core';
import { SentenceFraming } from './sentence-framing.js';

const chunk = (values: number[]) => new PcmFrame(Int16Array.from(values), 24_000);

function run(framing: SentenceFraming): Uint8Array[][] {
  return [framing.start(), framing.chunk(chunk([1, -2])), framing.chunk(chunk([300])), framing.end()];
}

describe('SentenceFraming', () => {
  it('pcm, streaming: each chunk as it comes, as s16le', () => {
    const [start, a, b, end] = run(new SentenceFraming('pcm', true, 24_000, 1));
    expect(start).toEqual([]);
    expect(a!.map((f) => [...f])).toEqual([[1, 0, 0xfe, 0xff]]);
    expect(b!.map((f) => [...f])).toEqual([[0x2c, 0x01]]);
    expect(end).toEqual([]);
  });

  it('pcm, not streaming: one frame with the whole sentence at the end', () => {
    const [start, a, b, end] = run(new SentenceFraming('pcm', false, 24_000, 1));
    expect([start, a, b]).toEqual([[], [], []]);
    expect(end!.map((f) => [...f])).toEqual([[1, 0, 0xfe, 0xff, 0x2c, 0x01]]);
  });

  it('wav, streaming: a header of unknown length first, then s16le chunks', () => {
    const frames = run(new SentenceFraming('wav', true, 24_000, 1)).flat();
    expect(frames[0]!.byteLength).toBe(44);
    expect(new DataView(frames[0]!.buffer, frames[0]!.byteOffset).getUint32(40, true)).toBe(0xffff_ffff);
    const whole = new Uint8Array(Buffer.concat(frames));
    expect([...decodeWav(whole).samples]).toEqual([1, -2, 300]);
  });

  it('wav, not streaming: one complete WAV file at the end', () => {
    const frames = run(new SentenceFraming('wav', false, 16_000, 1)).flat();
    expect(frames).toHaveLength(1);
    const wav = decodeWav(new Uint8Array(frames[0]!));
    expect(wav).toMatchObject({ sampleRate: 16_000, channels: 1 });
    expect([...wav.samples]).toEqual([1, -2, 300]);
  });

  it('an empty sentence still gets its one frame when not streaming', () => {
    expect(new SentenceFraming('pcm', false, 24_000, 1).end().map((f) => f.byteLength)).toEqual([0]);
    expect(new SentenceFraming('wav', false, 24_000, 1).end().map((f) => f.byteLength)).toEqual([44]);
  });
});
