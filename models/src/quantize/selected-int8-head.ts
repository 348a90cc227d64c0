import type { GraphBuilder } from '../onnx/graph-builder.js';

/**
 * `x · W_stepᵀ` for one of several Linear heads (each `[n, k]`, PyTorch layout) chosen by `step`
 * (int64 `[1]`) inside the graph, with the heads stored int8: per output column, a symmetric
 * scale of its largest magnitude over 127. `x` `[1, 1, k]` is quantized per call
 * (`DynamicQuantizeLinear`), and `MatMulInteger` reads the selected head's k·n bytes.
 *
 * Why not `MatMulNBits`: its kernels prepack a constant weight, and a head picked by `Gather` is
 * not constant — it then ran 5–7× slower than fp32 here. int8 through standard ONNX ops reads a
 * quarter of fp32's bytes: measured 0.30 against 0.66 ms a step for 2048×1024 heads, with an
 * output error of ~0.7 % of the range on random weights.
 */
export function selectedInt8Head(
  g: GraphBuilder,
  x: string,
  step: string,
  heads: readonly Float32Array[],
  k: number,
  n: number,
  name: string,
): string {
  const codes = new Int8Array(heads.length * k * n);
  const scales = new Float32Array(heads.length * n);
  heads.forEach((weight, head) => {
    for (let column = 0; column < n; column++) {
      let absMax = 0;
      for (let i = 0; i < k; i++) absMax = Math.max(absMax, Math.abs(weight[column * k + i]!));
      const scale = absMax / 127;
      scales[head * n + column] = scale;
      // Stored [k, n] per head: MatMulInteger's B, so the product needs no transpose.
      for (let i = 0; i < k; i++) codes[(head * k + i) * n + column] = scale === 0 ? 0 : Math.round(weight[column * k + i]! / scale);
    }
  });
  const [quantized, xScale, xZero] = g.opMulti('DynamicQuantizeLinear', [x], 3, {}, `${name}.x_q`);
  const selected = g.op('Gather', [g.initializer(`${name}.int8`, codes, [heads.length, k, n]), step], { axis: 0 }, `${name}.selected`);
  const columnScales = g.op('Gather', [g.initializer(`${name}.scales`, scales, [heads.length, n]), step], { axis: 0 });
  const products = g.op('MatMulInteger', [quantized!, selected, xZero!], {}, `${name}.matmul_integer`); // [1, 1, n] int32
  const unscaled = g.op('Mul', [g.op('Cast', [products], { to: 1 /* FLOAT */ }), xScale!]);
  return g.op('Mul', [unscaled, columnScales], {}, `${name}.logits`);
}
