import type { WeightPrecision } from '@parley/qwen3-contract';
import type { QuantBits } from './block-quantize.js';

/** Bits per weight of a quantized precision. */
export const PRECISION_BITS: Readonly<Record<Exclude<WeightPrecision, 'fp32'>, QuantBits>> = { int8: 8, q4: 4 };
