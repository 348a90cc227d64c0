/**
 * Symmetric block quantization of a Linear weight for ONNX Runtime's `MatMulNBits` contrib op
 * (com.microsoft; CPU kernels for 4 and 8 bits). Hand-written: the op's packing is a small,
 * documented format and no npm package produces it.
 *
 * The op's contract (ONNX Runtime contrib-op spec): `B` uint8 `[N, kBlocks, blockSize·bits/8]`,
 * the weight's rows (PyTorch's `[out, in]` = `[N, K]`) cut along K into blocks, codes packed
 * low-first (for 4 bits, element 2j in the low nibble of byte j); `scales` f32 `[N·kBlocks]`;
 * without `zero_points` the zero point is 2^(bits−1), so a value is `(code − 2^(bits−1))·scale`.
 */

/** Bits per weight of a quantized precision. */
export type QuantBits = 4 | 8;

/** A weight quantized for `MatMulNBits`. */
export interface BlockQuantized {
  /** `[N, kBlocks, blockSize·bits/8]`, flattened. */
  readonly packed: Uint8Array;
  /** `[N·kBlocks]`. */
  readonly scales: Float32Array;
  readonly kBlocks: number;
  readonly blobSize: number;
}

/**
 * Quantizes a row-major `[n, k]` weight in blocks of `blockSize` along k: each block's scale is
 * its largest magnitude over the largest positive code (7 or 127), codes are rounded to nearest
 * and clamped. A k that is not a multiple of `blockSize` pads the last block with zeros.
 */
export function blockQuantize(weight: Float32Array, n: number, k: number, bits: QuantBits, blockSize: number): BlockQuantized {
  if (weight.length !== n * k) throw new Error(`blockQuantize: ${weight.length} values for [${n}, ${k}]`);
  const kBlocks = Math.ceil(k / blockSize);
  const blobSize = (blockSize * bits) / 8;
  const zero = 2 ** (bits - 1);
  const maxCode = zero - 1;
  const packed = new Uint8Array(n * kBlocks * blobSize);
  const scales = new Float32Array(n * kBlocks);
  for (let row = 0; row < n; row++) {
    for (let block = 0; block < kBlocks; block++) {
      const start = row * k + block * blockSize;
      const end = row * k + Math.min(k, (block + 1) * blockSize);
      let absMax = 0;
      for (let i = start; i < end; i++) absMax = Math.max(absMax, Math.abs(weight[i]!));
      const scale = absMax / maxCode;
      scales[row * kBlocks + block] = scale;
      const out = (row * kBlocks + block) * blobSize;
      for (let i = start; i < end; i++) {
        const code = scale === 0 ? zero : Math.min(2 * zero - 1, Math.max(0, Math.round(weight[i]! / scale) + zero));
        const offset = i - start;
        if (bits === 8) packed[out + offset] = code;
        else packed[out + (offset >> 1)]! |= offset & 1 ? code << 4 : code;
      }
      // Padding past k dequantizes to 0: its code must be the zero point, not 0.
      for (let offset = end - start; offset < blockSize; offset++) {
        if (bits === 8) packed[out + offset] = zero;
        else packed[out + (offset >> 1)]! |= offset & 1 ? zero << 4 : zero;
      }
    }
  }
  return { packed, scales, kBlocks, blobSize };
}

/** The `[n, k]` weight a {@link BlockQuantized} stands for: what `MatMulNBits` multiplies by. */
export function blockDequantize(q: BlockQuantized, n: number, k: number, bits: QuantBits, blockSize: number): Float32Array {
  const weight = new Float32Array(n * k);
  const zero = 2 ** (bits - 1);
  for (let row = 0; row < n; row++) {
    for (let col = 0; col < k; col++) {
      const block = Math.floor(col / blockSize);
      const offset = col % blockSize;
      const byte = q.packed[(row * q.kBlocks + block) * q.blobSize + (bits === 8 ? offset : offset >> 1)]!;
      const code = bits === 8 ? byte : offset & 1 ? byte >> 4 : byte & 15;
      weight[row * k + col] = (code - zero) * q.scales[row * q.kBlocks + block]!;
    }
  }
  return weight;
}
