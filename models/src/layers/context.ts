import type { GraphBuilder } from '../onnx/graph-builder.js';
import type { WeightPrecision } from '@parley/qwen3-contract';
import type { WeightSource } from '../weights/weight-source.js';

/** What every layer builder needs: the graph it adds nodes to and where its weights come from. */
export interface BuildContext {
  readonly graph: GraphBuilder;
  readonly weights: WeightSource;
  /** How Linear weights are stored; `fp32` when absent. */
  readonly precision?: WeightPrecision;
}
