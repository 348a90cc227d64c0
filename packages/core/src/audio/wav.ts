/**
 * WAV (RIFF/WAVE) encoding and decoding.
 *
 * Hand-written rather than taken from a library such as `wavefile`: that one covers dozens of
 * codecs and metadata chunks we never use, while the part parley needs (a 44-byte PCM16 header
 * out, plain PCM and float in) fits in this file, and here every malformed input can be made to
 * fail with our own error instead of a RangeError.
 * Layout reference: the Microsoft RIFF/WAVE spec (little-endian throughout).
 */
import { ParleyError } from '../errors.js';
import { PcmFrame, assertFormat } from './pcm-frame.js';
import { float32ToInt16 } from './sample-format.js';

/** Format of a WAV stream's samples, as {@link wavHeader} and {@link encodeWav} write it. */
export interface WavFormat {
  /** Samples per second per channel. */
  sampleRate: number;
  /** Interleaved channels. Default 1. */
  channels?: number;
}

/** Options for {@link wavHeader}. */
export interface WavHeaderOptions extends WavFormat {
  /** Bytes of PCM16 data to follow; omit when unknown, as when streaming (see {@link wavHeader}). */
  dataBytes?: number;
}

/** What {@link decodeWav} returns: interleaved 16-bit samples and their format. */
export interface DecodedWav {
  /** Interleaved samples, in a buffer of their own. */
  samples: Int16Array;
  /** Samples per second per channel. */
  sampleRate: number;
  /** Interleaved channels. */
  channels: number;
}

/** Size of the header {@link wavHeader} writes: RIFF + fmt (16 bytes) + data chunk heads. */
export const WAV_HEADER_BYTES = 44;
/** The size written for "unknown length", the largest a 32-bit RIFF field holds. */
const UNKNOWN_SIZE = 0xffff_ffff;
const FORMAT_PCM = 1;
const FORMAT_FLOAT = 3;
const FORMAT_EXTENSIBLE = 0xfffe;
/** Bytes 2..15 shared by the KSDATAFORMAT_SUBTYPE GUIDs of PCM and IEEE float. */
const SUBTYPE_GUID_TAIL = [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71];
const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * A 44-byte header for PCM16 WAV data.
 *
 * With `dataBytes` omitted the RIFF and data sizes are written as 0xFFFFFFFF, the convention
 * (used by ffmpeg on pipes, among others) for a stream whose length is not known yet: send this
 * header, then the samples as they come, e.g. as a chunked HTTP response. Players read such a
 * stream to its end; {@link decodeWav} accepts it too.
 *
 * @throws ParleyError INVALID_INPUT for a bad format, or a `dataBytes` that is negative, not a
 *   whole number of frames, or too large for a 32-bit RIFF size.
 */
export function wavHeader(options: WavHeaderOptions): Uint8Array {
  const { sampleRate, channels = 1, dataBytes } = options;
  assertWavFormat(sampleRate, channels);
  const blockAlign = channels * 2;
  if (dataBytes !== undefined) {
    if (!Number.isInteger(dataBytes) || dataBytes < 0 || dataBytes % blockAlign !== 0) {
      const expected = `a whole number of ${blockAlign}-byte frames`;
      throw new ParleyError('INVALID_INPUT', `dataBytes must be ${expected}, got ${dataBytes}`);
    }
    if (dataBytes > UNKNOWN_SIZE - (WAV_HEADER_BYTES - 8)) {
      throw new ParleyError('INVALID_INPUT', `${dataBytes} bytes of audio are too many for a WAV file`);
    }
  }
  const header = new Uint8Array(WAV_HEADER_BYTES);
  const view = new DataView(header.buffer);
  writeAscii(header, 0, 'RIFF');
  view.setUint32(4, dataBytes === undefined ? UNKNOWN_SIZE : WAV_HEADER_BYTES - 8 + dataBytes, true);
  writeAscii(header, 8, 'WAVE');
  writeAscii(header, 12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, FORMAT_PCM, true);
  view.setUint16(22, channels, true);
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * blockAlign, true); // byte rate
  view.setUint16(32, blockAlign, true);
  view.setUint16(34, 16, true); // bits per sample
  writeAscii(header, 36, 'data');
  view.setUint32(40, dataBytes ?? UNKNOWN_SIZE, true);
  return header;
}

/**
 * Encodes interleaved samples as a PCM16 WAV file. Float input (nominally in [-1, 1]) is
 * converted with clipping, as {@link float32ToInt16} does.
 * @throws ParleyError INVALID_INPUT for a bad format, or a sample count that is not a multiple
 *   of `channels`.
 */
export function encodeWav(samples: Int16Array | Float32Array, format: WavFormat): Uint8Array {
  const { sampleRate, channels = 1 } = format;
  assertWavFormat(sampleRate, channels);
  if (samples.length % channels !== 0) {
    throw new ParleyError('INVALID_INPUT', `${samples.length} samples do not split into ${channels} channels`);
  }
  const pcm = samples instanceof Float32Array ? float32ToInt16(samples) : samples;
  const out = new Uint8Array(WAV_HEADER_BYTES + pcm.byteLength);
  out.set(wavHeader({ sampleRate, channels, dataBytes: pcm.byteLength }));
  if (LITTLE_ENDIAN_HOST) {
    out.set(new Uint8Array(pcm.buffer, pcm.byteOffset, pcm.byteLength), WAV_HEADER_BYTES);
  } else {
    const view = new DataView(out.buffer, WAV_HEADER_BYTES);
    for (let i = 0; i < pcm.length; i++) view.setInt16(i * 2, pcm[i]!, true);
  }
  return out;
}

/** Encodes frames of one format, in order, as a single PCM16 WAV file. */
export function wavFromFrames(frames: readonly PcmFrame[]): Uint8Array {
  const first = frames[0];
  if (first === undefined) throw new ParleyError('INVALID_INPUT', 'wavFromFrames needs at least one frame');
  const total = new Int16Array(frames.reduce((n, frame) => n + frame.data.length, 0));
  let offset = 0;
  for (const frame of frames) {
    if (frame.sampleRate !== first.sampleRate || frame.channels !== first.channels) {
      throw new ParleyError('INVALID_INPUT', 'wavFromFrames needs frames of one sample rate and channel count');
    }
    total.set(frame.data, offset);
    offset += frame.data.length;
  }
  return encodeWav(total, { sampleRate: first.sampleRate, channels: first.channels });
}

/** Decodes a WAV file into one {@link PcmFrame}; see {@link decodeWav} for what is accepted. */
export function pcmFrameFromWav(bytes: Uint8Array): PcmFrame {
  const { samples, sampleRate, channels } = decodeWav(bytes);
  return new PcmFrame(samples, sampleRate, channels);
}

interface FmtChunk {
  code: number;
  channels: number;
  sampleRate: number;
  bits: number;
}

/**
 * Decodes a WAV file to 16-bit samples. Reads PCM of 8, 16, 24 and 32 bits and IEEE float of
 * 32 and 64 bits, plain or as WAVE_FORMAT_EXTENSIBLE; wider samples are rounded to 16 bits and
 * float is clipped. Chunks other than `fmt ` and `data` (LIST, fact, ...) are skipped, odd-sized
 * ones with their pad byte. A data size of 0xFFFFFFFF (a stream, see {@link wavHeader}) means
 * "to the end of the bytes", a trailing partial frame then being dropped.
 * @throws ParleyError INVALID_INPUT for anything else: not RIFF/WAVE, a missing or short `fmt `
 *   chunk, no `data` chunk, an unsupported encoding, or data cut short.
 */
export function decodeWav(bytes: Uint8Array): DecodedWav {
  if (!(bytes instanceof Uint8Array)) throw invalid('expected the file as a Uint8Array');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 12 || readAscii(bytes, 0) !== 'RIFF' || readAscii(bytes, 8) !== 'WAVE') {
    throw invalid('not a RIFF/WAVE file');
  }
  let fmt: FmtChunk | undefined;
  let data: DataChunk | undefined;
  // The RIFF size is ignored: streams set it to 0xFFFFFFFF and the bytes at hand are what count.
  for (let offset = 12; offset + 8 <= bytes.length && !(fmt && data);) {
    const id = readAscii(bytes, offset);
    const size = view.getUint32(offset + 4, true);
    const start = offset + 8;
    if (id === 'data') {
      data = { start, size };
      if (size === UNKNOWN_SIZE) break; // runs to the end: nothing can follow
    } else if (id === 'fmt ') {
      if (size < 16 || start + size > bytes.length) throw invalid('fmt chunk is too short');
      fmt = readFmt(bytes, view, start, size);
    }
    offset = start + size + (size & 1); // chunks are padded to an even length
  }
  if (fmt === undefined) throw invalid('no fmt chunk');
  if (data === undefined) throw invalid('no data chunk');
  return { samples: readSamples(bytes, view, fmt, data), sampleRate: fmt.sampleRate, channels: fmt.channels };
}

function readFmt(bytes: Uint8Array, view: DataView, start: number, size: number): FmtChunk {
  let code = view.getUint16(start, true);
  const channels = view.getUint16(start + 2, true);
  const sampleRate = view.getUint32(start + 4, true);
  const bits = view.getUint16(start + 14, true);
  if (code === FORMAT_EXTENSIBLE) {
    // cbSize, valid bits, channel mask, then the subformat GUID whose first 2 bytes are the code.
    if (size < 40) throw invalid('WAVE_FORMAT_EXTENSIBLE fmt chunk is too short');
    const tail = bytes.subarray(start + 26, start + 40);
    if (!SUBTYPE_GUID_TAIL.every((byte, i) => tail[i] === byte)) {
      throw invalid('unknown WAVE_FORMAT_EXTENSIBLE subformat');
    }
    code = view.getUint16(start + 24, true);
  }
  if (channels === 0 || sampleRate === 0) throw invalid(`bad format: ${channels} channels at ${sampleRate} Hz`);
  const supported = code === FORMAT_PCM ? [8, 16, 24, 32] : code === FORMAT_FLOAT ? [32, 64] : [];
  if (!supported.includes(bits)) throw invalid(`unsupported encoding: format ${code}, ${bits} bits`);
  return { code, channels, sampleRate, bits };
}

interface DataChunk {
  start: number;
  size: number;
}

function readSamples(bytes: Uint8Array, view: DataView, fmt: FmtChunk, data: DataChunk): Int16Array {
  const width = fmt.bits / 8;
  const blockAlign = width * fmt.channels;
  const present = Math.max(0, bytes.length - data.start);
  let size = data.size;
  if (size === UNKNOWN_SIZE) size = present - (present % blockAlign);
  else if (size > present) throw invalid(`data chunk cut short: ${size} bytes declared, ${present} present`);
  else if (size % blockAlign !== 0) throw invalid(`data size ${size} is not whole ${blockAlign}-byte frames`);
  if (fmt.code === FORMAT_PCM && fmt.bits === 16 && LITTLE_ENDIAN_HOST) {
    // Already our layout: one copy into a buffer of our own. Not `bytes.slice()`: on a Node
    // Buffer that is a view into a shared pool, not a copy.
    const samples = new Int16Array(size / 2);
    new Uint8Array(samples.buffer).set(bytes.subarray(data.start, data.start + size));
    return samples;
  }
  const count = size / width;
  const read = sampleReader(fmt, view);
  if (fmt.code === FORMAT_FLOAT) {
    const floats = new Float32Array(count);
    for (let i = 0; i < count; i++) floats[i] = read(data.start + i * width);
    return float32ToInt16(floats);
  }
  const out = new Int16Array(count);
  for (let i = 0; i < count; i++) out[i] = read(data.start + i * width);
  return out;
}

/** Reads one sample at a byte offset: int16-scaled for PCM, [-1, 1]-scaled for float. */
function sampleReader(fmt: FmtChunk, view: DataView): (at: number) => number {
  if (fmt.code === FORMAT_FLOAT) {
    return fmt.bits === 32 ? (at) => view.getFloat32(at, true) : (at) => view.getFloat64(at, true);
  }
  switch (fmt.bits) {
    case 8: // unsigned, centred on 128
      return (at) => (view.getUint8(at) - 128) << 8;
    case 16:
      return (at) => view.getInt16(at, true);
    case 24:
      return (at) => narrow((view.getInt8(at + 2) << 16) | view.getUint16(at, true), 8);
    default:
      return (at) => narrow(view.getInt32(at, true), 16);
  }
}

/** Drops `shift` low bits with rounding, clamped so rounding up cannot wrap past int16. */
function narrow(value: number, shift: number): number {
  return Math.min(32_767, Math.round(value / 2 ** shift));
}

function assertWavFormat(sampleRate: number, channels: number): void {
  assertFormat(sampleRate, channels);
  // The fmt chunk stores channels in 16 bits and the byte rate in 32.
  if (channels > 0xffff || sampleRate * channels * 2 > UNKNOWN_SIZE) {
    throw new ParleyError('INVALID_INPUT', `a WAV file cannot hold ${channels} channels at ${sampleRate} Hz`);
  }
}

function invalid(reason: string): ParleyError {
  return new ParleyError('INVALID_INPUT', `invalid WAV: ${reason}`);
}

function writeAscii(target: Uint8Array, offset: number, text: string): void {
  for (let i = 0; i < text.length; i++) target[offset + i] = text.charCodeAt(i);
}

function readAscii(bytes: Uint8Array, offset: number): string {
  return String.fromCharCode(bytes[offset]!, bytes[offset + 1]!, bytes[offset + 2]!, bytes[offset + 3]!);
}
