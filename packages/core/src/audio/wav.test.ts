import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isParleyError } from '../errors.js';
import { PcmFrame } from './pcm-frame.js';
import { WAV_HEADER_BYTES, decodeWav, encodeWav, pcmFrameFromWav, wavFromFrames, wavHeader } from './wav.js';

const ascii = (bytes: Uint8Array, at: number) => String.fromCharCode(...bytes.subarray(at, at + 4));
const u32 = (bytes: Uint8Array, at: number) => new DataView(bytes.buffer, bytes.byteOffset).getUint32(at, true);
const u16 = (bytes: Uint8Array, at: number) => new DataView(bytes.buffer, bytes.byteOffset).getUint16(at, true);

/** A RIFF/WAVE file of the given chunks, each padded to even length as the spec says. */
function riff(chunks: Array<[string, Uint8Array]>, riffSize?: number): Uint8Array {
  const body = chunks.flatMap(([id, data]) => {
    const head = new Uint8Array(8);
    head.set([...id].map((c) => c.charCodeAt(0)));
    new DataView(head.buffer).setUint32(4, data.length, true);
    return data.length % 2 ? [head, data, new Uint8Array(1)] : [head, data];
  });
  const size = body.reduce((n, part) => n + part.length, 4);
  const out = new Uint8Array(8 + size);
  out.set([0x52, 0x49, 0x46, 0x46]); // RIFF
  new DataView(out.buffer).setUint32(4, riffSize ?? size, true);
  out.set([0x57, 0x41, 0x56, 0x45], 8); // WAVE
  body.reduce((offset, part) => (out.set(part, offset), offset + part.length), 12);
  return out;
}

/** A fmt chunk body; `extensible` wraps `code` in WAVE_FORMAT_EXTENSIBLE with its GUID. */
function fmt(code: number, channels: number, rate: number, bits: number, extensible = false): Uint8Array {
  const out = new Uint8Array(extensible ? 40 : 16);
  const view = new DataView(out.buffer);
  view.setUint16(0, extensible ? 0xfffe : code, true);
  view.setUint16(2, channels, true);
  view.setUint32(4, rate, true);
  view.setUint32(8, (rate * channels * bits) / 8, true);
  view.setUint16(12, (channels * bits) / 8, true);
  view.setUint16(14, bits, true);
  if (extensible) {
    view.setUint16(16, 22, true); // cbSize
    view.setUint16(18, bits, true); // valid bits
    view.setUint16(24, code, true);
    out.set([0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71], 26);
  }
  return out;
}

function expectInvalid(action: () => unknown): void {
  let caught: unknown;
  try {
    action();
  } catch (error) {
    caught = error;
  }
  expect(isParleyError(caught) && caught.code, String(caught)).toBe('INVALID_INPUT');
}

const EXTREMES = Int16Array.from([0, 1, -1, 32_767, -32_768, 1234, -4321, 0]);

describe('encodeWav', () => {
  it('writes the canonical 44-byte PCM16 header', () => {
    const bytes = encodeWav(EXTREMES, { sampleRate: 24_000, channels: 2 });
    expect(bytes.length).toBe(44 + 16);
    expect(ascii(bytes, 0)).toBe('RIFF');
    expect(u32(bytes, 4)).toBe(36 + 16); // file size - 8
    expect(ascii(bytes, 8)).toBe('WAVE');
    expect(ascii(bytes, 12)).toBe('fmt ');
    expect(u32(bytes, 16)).toBe(16);
    expect(u16(bytes, 20)).toBe(1); // PCM
    expect(u16(bytes, 22)).toBe(2);
    expect(u32(bytes, 24)).toBe(24_000);
    expect(u32(bytes, 28)).toBe(96_000); // byte rate
    expect(u16(bytes, 32)).toBe(4); // block align
    expect(u16(bytes, 34)).toBe(16);
    expect(ascii(bytes, 36)).toBe('data');
    expect(u32(bytes, 40)).toBe(16);
    expect([...bytes.subarray(44, 52)]).toEqual([0, 0, 1, 0, 0xff, 0xff, 0xff, 0x7f]); // little-endian
  });

  it('round-trips int16, mono and stereo, and any samples', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.array(fc.integer({ min: -32_768, max: 32_767 })), (channels, values) => {
        const samples = Int16Array.from(values.slice(0, values.length - (values.length % channels)));
        const decoded = decodeWav(encodeWav(samples, { sampleRate: 16_000, channels }));
        expect(decoded).toEqual({ samples, sampleRate: 16_000, channels });
      }),
    );
  });

  it('converts float with clipping', () => {
    const floats = Float32Array.from([0, 0.5, -0.5, 1, -1, 1.7, -3, Number.NaN]);
    const { samples } = decodeWav(encodeWav(floats, { sampleRate: 48_000 }));
    expect([...samples]).toEqual([0, 16_384, -16_384, 32_767, -32_768, 32_767, -32_768, 0]);
  });

  it('rejects bad formats and partial frames', () => {
    expectInvalid(() => encodeWav(new Int16Array(3), { sampleRate: 16_000, channels: 2 }));
    expectInvalid(() => encodeWav(new Int16Array(2), { sampleRate: 0 }));
    expectInvalid(() => encodeWav(new Int16Array(2), { sampleRate: 16_000, channels: 1.5 }));
    expectInvalid(() => encodeWav(new Int16Array(0), { sampleRate: 16_000, channels: 70_000 }));
  });
});

describe('wavHeader', () => {
  it('writes max sizes for a stream of unknown length, which decodeWav reads to the end', () => {
    const header = wavHeader({ sampleRate: 24_000 });
    expect(header.length).toBe(WAV_HEADER_BYTES);
    expect(u32(header, 4)).toBe(0xffff_ffff);
    expect(u32(header, 40)).toBe(0xffff_ffff);
    const stream = new Uint8Array([...header, 1, 0, 2, 0, 3]); // a cut-off last sample is dropped
    expect([...decodeWav(stream).samples]).toEqual([1, 2]);
  });

  it('writes known sizes, and refuses impossible ones', () => {
    const header = wavHeader({ sampleRate: 8_000, channels: 2, dataBytes: 400 });
    expect([u32(header, 4), u32(header, 40), u16(header, 32)]).toEqual([436, 400, 4]);
    for (const dataBytes of [-4, 2, 1.5, 0xffff_fffc]) {
      expectInvalid(() => wavHeader({ sampleRate: 8_000, channels: 2, dataBytes }));
    }
  });
});

describe('decodeWav', () => {
  const pcm16 = new Uint8Array(new Int16Array([100, -100, 200, -200]).buffer);

  it('skips LIST and other chunks, odd-sized ones with their pad byte', () => {
    const bytes = riff([
      ['JUNK', new Uint8Array(3)],
      ['fmt ', fmt(1, 2, 22_050, 16)],
      ['LIST', new TextEncoder().encode('INFOISFT\x05\x00\x00\x00parle')], // odd: 17 bytes
      ['data', pcm16],
      ['id3 ', new Uint8Array(7)],
    ]);
    expect(decodeWav(bytes)).toEqual({ samples: Int16Array.from([100, -100, 200, -200]), sampleRate: 22_050, channels: 2 });
  });

  it('reads a fmt chunk that follows the data chunk', () => {
    const { samples } = decodeWav(
      riff([
        ['data', pcm16],
        ['fmt ', fmt(1, 1, 16_000, 16)],
      ]),
    );
    expect([...samples]).toEqual([100, -100, 200, -200]);
  });

  it.each([
    ['PCM 8-bit', fmt(1, 1, 8_000, 8), [0, 128, 255, 64], [-32_768, 0, 32_512, -16_384]],
    ['PCM 24-bit', fmt(1, 1, 8_000, 24), [0x00, 0x00, 0x80, 0xff, 0xff, 0x7f, 0x7f, 0x34, 0x12], [-32_768, 32_767, 4_660]],
    ['PCM 32-bit', fmt(1, 1, 8_000, 32), [0, 0, 0, 0x80, 0xff, 0xff, 0xff, 0x7f, 0x00, 0x80, 0x00, 0x00], [-32_768, 32_767, 1]],
    ['float32', fmt(3, 1, 8_000, 32), [...new Uint8Array(Float32Array.from([0.5, -2, 1]).buffer)], [16_384, -32_768, 32_767]],
    ['float64', fmt(3, 1, 8_000, 64), [...new Uint8Array(Float64Array.from([-0.5, 0.25]).buffer)], [-16_384, 8_192]],
    ['extensible PCM 24', fmt(1, 1, 8_000, 24, true), [0x00, 0x00, 0x40], [16_384]],
    ['extensible float', fmt(3, 1, 8_000, 32, true), [...new Uint8Array(Float32Array.from([-1]).buffer)], [-32_768]],
  ])('reads %s', (_, fmtChunk, data, expected) => {
    const { samples, sampleRate } = decodeWav(
      riff([
        ['fmt ', fmtChunk],
        ['data', Uint8Array.from(data)],
      ]),
    );
    expect([[...samples], sampleRate]).toEqual([expected, 8_000]);
  });

  it('accepts a Uint8Array view into a larger buffer at an odd offset', () => {
    const file = encodeWav(EXTREMES, { sampleRate: 16_000 });
    const padded = new Uint8Array(file.length + 3);
    padded.set(file, 1);
    expect(decodeWav(padded.subarray(1, 1 + file.length)).samples).toEqual(EXTREMES);
  });

  it('decodes a small Node Buffer, which lives in a shared pool, to exactly its own samples', () => {
    const file = Buffer.from(encodeWav(EXTREMES, { sampleRate: 16_000 }));
    expect(file.buffer.byteLength).toBeGreaterThan(file.length); // pooled: the bug needs this
    expect(decodeWav(file).samples).toEqual(EXTREMES);
  });

  const good = riff([
    ['fmt ', fmt(1, 1, 16_000, 16)],
    ['data', pcm16],
  ]);
  const withFmt = (f: Uint8Array) =>
    riff([
      ['fmt ', f],
      ['data', pcm16],
    ]);
  it.each([
    ['empty input', new Uint8Array(0)],
    ['a RIFX file', Uint8Array.from([...good].map((b, i) => (i === 3 ? 0x58 : b)))],
    ['a RIFF that is not WAVE', Uint8Array.from([...good].map((b, i) => (i === 8 ? 0x41 : b)))],
    ['no fmt chunk', riff([['data', pcm16]])],
    ['no data chunk', riff([['fmt ', fmt(1, 1, 16_000, 16)]])],
    ['a short fmt chunk', withFmt(fmt(1, 1, 16_000, 16).subarray(0, 14))],
    ['ADPCM', withFmt(fmt(2, 1, 16_000, 4))],
    ['12-bit PCM', withFmt(fmt(1, 1, 16_000, 12))],
    ['float16', withFmt(fmt(3, 1, 16_000, 16))],
    ['zero channels', withFmt(fmt(1, 0, 16_000, 16))],
    ['a zero sample rate', withFmt(fmt(1, 1, 0, 16))],
    ['a short extensible fmt', withFmt(fmt(1, 1, 16_000, 16, true).subarray(0, 30))],
    ['an unknown extensible subformat', withFmt(fmt(0x55, 1, 16_000, 16, true).map((b, i) => (i === 30 ? 0x11 : b)))],
    ['data cut short', good.subarray(0, good.length - 2)],
    [
      'a partial frame',
      riff([
        ['fmt ', fmt(1, 2, 16_000, 16)],
        ['data', pcm16.subarray(0, 6)],
      ]),
    ],
    ['not a Uint8Array', [1, 2, 3] as unknown as Uint8Array],
  ])('rejects %s with INVALID_INPUT', (_, bytes) => {
    expectInvalid(() => decodeWav(bytes));
  });

  it('never fails otherwise on truncated, corrupted or random bytes', () => {
    const file = riff([
      ['fmt ', fmt(1, 2, 16_000, 16)],
      ['LIST', new Uint8Array(9)],
      ['data', pcm16],
    ]);
    const decodeOrInvalid = (bytes: Uint8Array) => {
      try {
        decodeWav(bytes);
      } catch (error) {
        expect(isParleyError(error) && error.code, String(error)).toBe('INVALID_INPUT');
      }
    };
    for (let length = 0; length <= file.length; length++) decodeOrInvalid(file.subarray(0, length));
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(file.length - 1), fc.nat(255)), { maxLength: 6 }), (edits) => {
        const copy = file.slice();
        for (const [at, value] of edits) copy[at] = value;
        decodeOrInvalid(copy);
      }),
      { numRuns: 2_000 },
    );
    const randomFmt = (bytes: Uint8Array) =>
      riff([
        ['fmt ', bytes.subarray(0, 40)],
        ['data', bytes],
      ]);
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => decodeOrInvalid(randomFmt(bytes))));
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), decodeOrInvalid));
  });
});

describe('frames', () => {
  it('encodes frames of one format and decodes back to a frame', () => {
    const frames = [new PcmFrame(EXTREMES.slice(0, 4), 24_000, 2), new PcmFrame(EXTREMES.slice(4), 24_000, 2)];
    const frame = pcmFrameFromWav(wavFromFrames(frames));
    expect([frame.data, frame.sampleRate, frame.channels]).toEqual([EXTREMES, 24_000, 2]);
  });

  it('refuses no frames or mixed formats', () => {
    expectInvalid(() => wavFromFrames([]));
    expectInvalid(() => wavFromFrames([new PcmFrame(new Int16Array(2), 24_000), new PcmFrame(new Int16Array(2), 16_000)]));
  });
});
