import { closeSync, openSync } from 'node:fs';
import { writeAll } from '../io/sync-io.js';
import { DTYPE_BYTES, type SafetensorsDType } from './safetensors-format.js';
import { elementCount } from './weight-source.js';

/**
 * One tensor to write: its shape and float32 values, or a function that makes them when the
 * writer reaches the tensor (so a real-size checkpoint holds one tensor in memory at a time).
 */
export interface TensorToWrite {
  readonly shape: readonly number[];
  readonly data: Float32Array | (() => Float32Array);
}

/** Options of {@link writeSafetensors}. */
export interface WriteSafetensorsOptions {
  /** How values are stored: `F32` (the default, exact), `BF16` like the official checkpoint, or `F16`. */
  dtype?: SafetensorsDType;
  /** `__metadata__` string pairs, e.g. `{ format: 'pt' }` as PyTorch writers add. */
  metadata?: Readonly<Record<string, string>>;
}

/** The header is padded with spaces to this multiple so the data starts aligned (as the reference writer does). */
const HEADER_ALIGN_BYTES = 8;

/**
 * Writes `tensors` to `path` as a safetensors file, in the map's order, converting float32 to the
 * chosen dtype (round to nearest even). Returns the file's size in bytes.
 *
 * @example
 * ```ts
 * writeSafetensors('/tmp/w.safetensors', new Map([['w', { shape: [2, 2], data: new Float32Array(4) }]]), { dtype: 'BF16' });
 * ```
 */
export function writeSafetensors(path: string, tensors: ReadonlyMap<string, TensorToWrite>, options: WriteSafetensorsOptions = {}): number {
  const dtype = options.dtype ?? 'F32';
  const header: Record<string, unknown> = options.metadata === undefined ? {} : { __metadata__: options.metadata };
  let end = 0;
  for (const [name, { shape }] of tensors) {
    const bytes = elementCount(shape) * DTYPE_BYTES[dtype];
    header[name] = { dtype, shape: [...shape], data_offsets: [end, end + bytes] };
    end += bytes;
  }
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const headerBytes = Buffer.concat([
    json,
    Buffer.alloc((HEADER_ALIGN_BYTES - (json.byteLength % HEADER_ALIGN_BYTES)) % HEADER_ALIGN_BYTES, ' '),
  ]);
  const prefix = Buffer.alloc(8);
  prefix.writeBigUInt64LE(BigInt(headerBytes.byteLength));
  const fd = openSync(path, 'w');
  try {
    writeAll(fd, prefix);
    writeAll(fd, headerBytes);
    for (const [name, tensor] of tensors) writeAll(fd, encode(name, tensor, dtype));
  } finally {
    closeSync(fd);
  }
  return 8 + headerBytes.byteLength + end;
}

function encode(name: string, tensor: TensorToWrite, dtype: SafetensorsDType): Uint8Array {
  const data = typeof tensor.data === 'function' ? tensor.data() : tensor.data;
  if (data.length !== elementCount(tensor.shape))
    throw new Error(`tensor ${name}: ${data.length} values for shape [${tensor.shape.join(', ')}]`);
  if (dtype === 'F32') return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  const halves = dtype === 'BF16' ? float32ToBf16(data) : float32ToF16(data);
  return new Uint8Array(halves.buffer);
}

/** float32 → bfloat16 bits, rounding to nearest even (NaN stays NaN). */
function float32ToBf16(data: Float32Array): Uint16Array {
  const bits = new Uint32Array(data.buffer, data.byteOffset, data.length);
  const out = new Uint16Array(data.length);
  for (let i = 0; i < data.length; i++) {
    const b = bits[i]!;
    if ((b & 0x7f800000) === 0x7f800000 && b & 0x7fffff) out[i] = (b >>> 16) | 0x40;
    else out[i] = (b + 0x7fff + ((b >>> 16) & 1)) >>> 16;
  }
  return out;
}

const scratch = new Float32Array(1);
const scratchBits = new Uint32Array(scratch.buffer);

/** float32 → IEEE half bits, rounding to nearest even; overflow → ±Infinity, underflow → subnormal/0. */
function float32ToF16(data: Float32Array): Uint16Array {
  const out = new Uint16Array(data.length);
  for (let i = 0; i < data.length; i++) {
    scratch[0] = data[i]!;
    out[i] = halfBits(scratchBits[0]!);
  }
  return out;
}

function halfBits(b: number): number {
  const sign = (b >>> 16) & 0x8000;
  const exponent = (b >>> 23) & 0xff;
  const mantissa = b & 0x7fffff;
  if (exponent === 0xff) return sign | 0x7c00 | (mantissa ? 0x200 : 0);
  const e = exponent - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    const m = mantissa | 0x800000; // the implicit 1
    const shift = 14 - e;
    return sign | roundShift(m, shift);
  }
  // A carry out of the mantissa correctly bumps the exponent (up to Infinity).
  return sign | ((e << 10) + roundShift(mantissa, 13));
}

/** `value >> shift`, rounded to nearest even. */
function roundShift(value: number, shift: number): number {
  const kept = value >>> shift;
  const rest = value - kept * 2 ** shift;
  const half = 2 ** (shift - 1);
  return rest > half || (rest === half && kept & 1) ? kept + 1 : kept;
}
