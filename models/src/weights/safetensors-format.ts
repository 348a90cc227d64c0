import { closeSync, fstatSync, openSync } from 'node:fs';
import { readFully } from '../io/sync-io.js';
import { elementCount } from './weight-source.js';

/**
 * The safetensors file format (huggingface/safetensors): an 8-byte little-endian u64 header
 * length N, N bytes of JSON `{name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__":
 * {…}}`, then the raw row-major little-endian tensor data, offsets relative to the data start.
 *
 * Written by hand: there is no maintained npm reader that reads one tensor lazily at its offset
 * (the ones published load the whole file, or are browser-only and unmaintained), and the format
 * is this small.
 */

/** The element types this reader converts to float32 (the official Qwen3-TTS talker is BF16). */
export type SafetensorsDType = 'F32' | 'F16' | 'BF16';

/** Bytes per element of each supported dtype. */
export const DTYPE_BYTES: Readonly<Record<SafetensorsDType, number>> = { F32: 4, F16: 2, BF16: 2 };

/** One tensor's header entry, with its absolute byte range in the file. */
export interface SafetensorsEntry {
  readonly dtype: SafetensorsDType;
  readonly shape: readonly number[];
  /** Absolute file offset of the first byte (8 + header length + `data_offsets[0]`). */
  readonly offset: number;
  readonly byteLength: number;
}

/** A parsed header: the tensors of one file by name. */
export interface SafetensorsHeader {
  readonly path: string;
  readonly tensors: ReadonlyMap<string, SafetensorsEntry>;
  readonly metadata: Readonly<Record<string, string>>;
}

/** A header larger than this is not a safetensors file (the real 0.6B header is ~40 kB). */
const MAX_HEADER_BYTES = 100 * 1024 * 1024;

/** Reads and validates the header of `path`; throws naming the file when it is not a complete safetensors file. */
export function readSafetensorsHeader(path: string): SafetensorsHeader {
  const fd = openSync(path, 'r');
  try {
    const fileBytes = fstatSync(fd).size;
    if (fileBytes < 8) throw new Error(`${path}: not a safetensors file (${fileBytes} bytes, shorter than the 8-byte header length)`);
    const headerBytes = Number(readExactly(fd, 0, 8).readBigUInt64LE(0));
    if (headerBytes > MAX_HEADER_BYTES || 8 + headerBytes > fileBytes) {
      throw new Error(`${path}: bad or truncated safetensors header (header length ${headerBytes}, file ${fileBytes} bytes)`);
    }
    const json = parseHeaderJson(path, readExactly(fd, 8, headerBytes).toString('utf8'));
    return parseEntries(path, json, 8 + headerBytes, fileBytes);
  } finally {
    closeSync(fd);
  }
}

function parseHeaderJson(path: string, text: string): Record<string, unknown> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`${path}: bad safetensors header: ${(error as Error).message}`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw new Error(`${path}: bad safetensors header: not a JSON object`);
  return json as Record<string, unknown>;
}

function parseEntries(path: string, json: Record<string, unknown>, dataStart: number, fileBytes: number): SafetensorsHeader {
  const tensors = new Map<string, SafetensorsEntry>();
  let metadata: Record<string, string> = {};
  for (const [name, value] of Object.entries(json)) {
    if (name === '__metadata__') {
      metadata = (value ?? {}) as Record<string, string>;
      continue;
    }
    const entry = parseEntry(path, name, value, dataStart);
    if (entry.offset + entry.byteLength > fileBytes) {
      throw new Error(
        `${path}: truncated: tensor ${name} ends at byte ${entry.offset + entry.byteLength} but the file has ${fileBytes} bytes`,
      );
    }
    tensors.set(name, entry);
  }
  return { path, tensors, metadata };
}

function parseEntry(path: string, name: string, value: unknown, dataStart: number): SafetensorsEntry {
  const bad = (why: string) => new Error(`${path}: bad safetensors header entry for ${name}: ${why}`);
  const { dtype, shape, data_offsets: offsets } = (value ?? {}) as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
  if (typeof dtype !== 'string' || !(dtype in DTYPE_BYTES))
    throw bad(`dtype ${String(dtype)} is not one of ${Object.keys(DTYPE_BYTES).join(', ')}`);
  if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) throw bad(`shape ${JSON.stringify(shape)}`);
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((o) => Number.isInteger(o) && o >= 0) || offsets[1] < offsets[0]) {
    throw bad(`data_offsets ${JSON.stringify(offsets)}`);
  }
  const byteLength = (offsets[1] as number) - (offsets[0] as number);
  const expected = elementCount(shape as number[]) * DTYPE_BYTES[dtype as SafetensorsDType];
  if (byteLength !== expected) throw bad(`${byteLength} data bytes for shape [${shape.join(', ')}] of ${dtype} (expected ${expected})`);
  return { dtype: dtype as SafetensorsDType, shape: shape as number[], offset: dataStart + (offsets[0] as number), byteLength };
}

/** Reads one tensor of `path` as float32, converting F16/BF16; reads only that tensor's bytes. */
export function readTensorAsFloat32(path: string, entry: SafetensorsEntry): Float32Array {
  const count = elementCount(entry.shape);
  const fd = openSync(path, 'r');
  try {
    if (entry.dtype === 'F32') {
      // The platform is little-endian (x86, arm64), like the file: read straight into the result.
      const out = new Float32Array(count);
      readFully(fd, entry.offset, new Uint8Array(out.buffer));
      return out;
    }
    const halves = new Uint16Array(count);
    readFully(fd, entry.offset, new Uint8Array(halves.buffer));
    return entry.dtype === 'BF16' ? bf16ToFloat32(halves) : f16ToFloat32(halves);
  } finally {
    closeSync(fd);
  }
}

function readExactly(fd: number, position: number, length: number): Buffer {
  const buffer = Buffer.alloc(length);
  readFully(fd, position, buffer);
  return buffer;
}

/** BF16 is the top half of a float32: shift each value up 16 bits. */
function bf16ToFloat32(halves: Uint16Array): Float32Array {
  const out = new Float32Array(halves.length);
  const bits = new Uint32Array(out.buffer);
  for (let i = 0; i < halves.length; i++) bits[i] = halves[i]! << 16;
  return out;
}

/** IEEE half precision to float32, subnormals, infinities and NaN included. */
function f16ToFloat32(halves: Uint16Array): Float32Array {
  const out = new Float32Array(halves.length);
  for (let i = 0; i < halves.length; i++) {
    const h = halves[i]!;
    const sign = h & 0x8000 ? -1 : 1;
    const exponent = (h >> 10) & 0x1f;
    const mantissa = h & 0x3ff;
    if (exponent === 0) out[i] = sign * mantissa * 2 ** -24;
    else if (exponent === 0x1f) out[i] = mantissa === 0 ? sign * Infinity : NaN;
    else out[i] = sign * (1 + mantissa / 1024) * 2 ** (exponent - 15);
  }
  return out;
}
