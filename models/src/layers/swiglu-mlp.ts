import type { BuildContext } from './context.js';
import { linear } from './linear.js';

/**
 * Qwen3's SwiGLU MLP, `down_proj(silu(gate_proj(x)) · up_proj(x))`, no biases
 * (`Qwen3TTSTalkerTextMLP`). Asks for `${prefix}.{gate,up,down}_proj.weight`.
 */
export function swigluMlp(ctx: BuildContext, x: string, prefix: string, hidden: number, intermediate: number): string {
  const g = ctx.graph;
  const gate = linear(ctx, x, `${prefix}.gate_proj`, hidden, intermediate);
  const up = linear(ctx, x, `${prefix}.up_proj`, hidden, intermediate);
  const silu = g.op('Mul', [gate, g.op('Sigmoid', [gate])], {}, `${prefix}.silu`);
  return linear(ctx, g.op('Mul', [silu, up]), `${prefix}.down_proj`, intermediate, hidden);
}
