import type { QuantBits } from './block-quantize.js';

/**
 * How a parley graph stores its transformer's Linear weights (issue 7): `fp32`, or
 * block-quantized for ONNX Runtime's `MatMulNBits`: `int8` (8 bits) or `q4` (4 bits). The code
 * predictor's 15 step heads are int8 per column in both quantized precisions
 * (`selected-int8-head.ts`); embeddings and norms stay fp32.
 */
export type WeightPrecision = 'fp32' | 'int8' | 'q4';

/** Every precision, for validating options. */
export const WEIGHT_PRECISIONS: readonly WeightPrecision[] = ['fp32', 'int8', 'q4'];

/** Bits per weight of a quantized precision. */
export const PRECISION_BITS: Readonly<Record<Exclude<WeightPrecision, 'fp32'>, QuantBits>> = { int8: 8, q4: 4 };
