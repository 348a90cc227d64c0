/**
 * How a parley graph stores its transformer's Linear weights: `fp32`, or block-quantized for
 * ONNX Runtime's `MatMulNBits`, `int8` (8 bits) or `q4` (4 bits). In both quantized precisions
 * the code predictor's 15 step heads are int8 per column; embeddings and norms stay fp32. The
 * community graphs are always fp32.
 */
export type WeightPrecision = 'fp32' | 'int8' | 'q4';

/** Every precision, for validating options and manifests. */
export const WEIGHT_PRECISIONS: readonly WeightPrecision[] = ['fp32', 'int8', 'q4'];
