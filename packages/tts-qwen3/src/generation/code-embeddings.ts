import type { CancelSignal } from '../model/cancellation.js';
import type { Feeds, OnnxGraph } from '../model/onnx-graph.js';
import { int64Tensor, outputFloats } from '../model/tensors.js';
import { ScalarInt64 } from './step-tensors.js';

/**
 * The embedding rows a frame needs — `CE(c0)` from `codec_embed` and `CPE(c_j, j−1)` from
 * `code_predictor_embed` (docs/model.md#decode-step-input) — kept in JS tables once looked up. Both
 * graphs are a table lookup, so a row never changes: each (table, code) costs one ONNX run at most,
 * and a graph that takes a sequence of ids is read whole at load in one run. That spares up to 16
 * runs a frame (their set-up, per-run overhead and output copy: 4–7 ms a frame at the real 0.6B
 * size here). Memory: `codeGroups × codebook × H` floats per model (134 MB at 0.6B).
 */
export class CodeEmbeddings {
  private constructor(private readonly tables: readonly EmbeddingTable[]) {}

  /**
   * Tables for code 0 (`codec_embed`) and for each of the G−1 code-predictor steps, each read
   * whole now where its graph takes a sequence of ids (the community `code_predictor_embed` is
   * traced at [1,1], docs/model.md#community-layout, so its rows fill in as codes are first used).
   */
  static async read(
    graphs: { codecEmbed: OnnxGraph; codePredictorEmbed: OnnxGraph },
    sizes: { hidden: number; codebook: number; codeGroups: number },
  ): Promise<CodeEmbeddings> {
    const tables = [new EmbeddingTable(graphs.codecEmbed, sizes, undefined)];
    for (let step = 0; step < sizes.codeGroups - 1; step++) tables.push(new EmbeddingTable(graphs.codePredictorEmbed, sizes, step));
    for (const table of tables) await table.readWhole();
    return new CodeEmbeddings(tables);
  }

  /** `CE(code)`, code 0 of a frame (0..codebook−1): a view, not to be written. */
  codec(code: number, signal?: CancelSignal): Promise<Float32Array> {
    return this.tables[0]!.row(code, signal);
  }

  /** `CPE(code, step)`, the embedding of code `step + 1` of a frame: a view, not to be written. */
  sub(code: number, step: number, signal?: CancelSignal): Promise<Float32Array> {
    return this.tables[step + 1]!.row(code, signal);
  }
}

/** Rows 0..codebook−1 of one embedding graph (at one `generation_step`, when it takes one). */
class EmbeddingTable {
  private readonly rows: Float32Array;
  private readonly known: Uint8Array;
  private readonly id = new ScalarInt64([1, 1]);
  private readonly extra: Feeds;

  constructor(
    private readonly graph: OnnxGraph,
    private readonly sizes: { hidden: number; codebook: number },
    step: number | undefined,
  ) {
    this.rows = new Float32Array(sizes.codebook * sizes.hidden);
    this.known = new Uint8Array(sizes.codebook);
    this.extra = step === undefined ? {} : { generation_step: int64Tensor([step], [1]) };
  }

  /** Reads every row in one run when the graph takes a sequence; leaves the table empty otherwise. */
  async readWhole(): Promise<void> {
    const { codebook, hidden } = this.sizes;
    const ids = int64Tensor(
      Array.from({ length: codebook }, (_, id) => id),
      [1, codebook],
    );
    try {
      // Straight on the session: a load-time read, not a synthesis run to count or cancel.
      const all = outputFloats(await this.graph.session.run({ input_ids: ids, ...this.extra }), 'embeds');
      if (all.length !== codebook * hidden) return;
      this.rows.set(all);
      this.known.fill(1);
    } catch {
      // A graph traced at [1,1] refuses the sequence: rows are read one by one when first used.
    }
  }

  async row(code: number, signal?: CancelSignal): Promise<Float32Array> {
    const { hidden } = this.sizes;
    const view = this.rows.subarray(code * hidden, (code + 1) * hidden);
    if (this.known[code] === 0) {
      view.set(outputFloats(await this.graph.run({ input_ids: this.id.set(code), ...this.extra }, signal), 'embeds'));
      this.known[code] = 1;
    }
    return view;
  }
}
