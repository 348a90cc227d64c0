import { FusedDraw, type LogitsRow } from './fused-draw.js';
import type { Prng } from './prng.js';

/** How one code is drawn. `doSample: false` or `temperature: 0` is greedy (argmax). */
export interface SamplingParams {
  readonly doSample: boolean;
  readonly temperature: number;
  /** 0 disables top-k. */
  readonly topK: number;
  /** 1 disables top-p. */
  readonly topP: number;
}

/** Code 0 (the talker) adds a repetition penalty over its own history (docs/model.md#sampling). */
export interface FirstCodeParams extends SamplingParams {
  readonly repetitionPenalty: number;
}

/** Defaults of the official generation config (docs/model.md#sampling). */
export const DEFAULT_SAMPLING: FirstCodeParams = { doSample: true, temperature: 0.9, topK: 50, topP: 1, repetitionPenalty: 1.05 };

/** `min_new_tokens`: EOS is masked for the first two frames (docs/model.md#sampling). */
export const MIN_NEW_FRAMES = 2;

/** Draws the codes of each frame; the generation loop only calls these two. */
export interface FrameSampler {
  /** Code 0 of frame `frame` (0-based) from the talker's logits; may be EOS. Records it. */
  sampleFirst(logits: Float32Array, frame: number): number;
  /** Code `group` (1..15) from the code predictor's logits. */
  sampleSub(logits: Float32Array, group: number): number;
}

/** The ids the code-0 rules need. */
export interface CodeIds {
  /** Codec EOS (2150). */
  readonly eos: number;
  /** Codes per codebook (2048): talker ids from here on are specials, suppressed but EOS. */
  readonly codebook: number;
}

/**
 * The official sampling (docs/model.md#sampling): for code 0, repetition penalty on the distinct codes 0 so
 * far → EOS masked for the first {@link MIN_NEW_FRAMES} frames → suppression of `codebook`..end
 * but EOS → temperature → top-k → top-p → draw; sub-codes the same without the first three.
 *
 * It draws the ids the processors of `logits-processors.ts` would, in place of running them:
 * the sub-codes' logits are read where they are, never copied or written; code 0 copies only
 * the codebook's logits and EOS into a reused row, since suppression removes all the rest.
 * Temperature, top-k, top-p and the draw are one pass ({@link FusedDraw}).
 */
export class CodeSampler implements FrameSampler {
  private readonly history = new Set<number>();
  private readonly fused = new FusedDraw();
  private firstValues = new Float32Array(0);
  /** Reused descriptions of the row being drawn from, so a draw allocates nothing. */
  private readonly firstRow: Mutable<LogitsRow> = { values: this.firstValues, length: 0, lastId: -1, fullLength: 0 };
  private readonly subRow: Mutable<LogitsRow> = { values: this.firstValues, length: 0, lastId: -1, fullLength: 0 };

  constructor(
    private readonly first: FirstCodeParams,
    private readonly sub: SamplingParams,
    private readonly ids: CodeIds,
    private readonly prng: Prng,
  ) {}

  sampleFirst(logits: Float32Array, frame: number): number {
    const code = this.draw(this.processFirst(logits, frame), this.first);
    if (code !== this.ids.eos) this.history.add(code);
    return code;
  }

  sampleSub(logits: Float32Array, _group: number): number {
    const row = this.subRow;
    [row.values, row.length, row.fullLength] = [logits, logits.length, logits.length];
    return this.draw(row, this.sub);
  }

  /**
   * The code-0 processors into the reused row: ids 0..codebook−1, then EOS in one extra slot when
   * it lies past the codebook. Every other id would be −Infinity after suppression, and removed
   * ids add nothing to any sum, so leaving them out changes no result. Slots keep id order.
   */
  private processFirst(logits: Float32Array, frame: number): LogitsRow {
    const { eos, codebook } = this.ids;
    const kept = Math.min(logits.length, codebook);
    const eosSlot = eos >= kept && eos < logits.length ? kept : eos < kept ? eos : -1;
    const length = eosSlot === kept ? kept + 1 : kept;
    if (this.firstValues.length < length) this.firstValues = new Float32Array(length);
    const values = this.firstValues;
    values.set(logits.subarray(0, kept));
    if (eosSlot === kept) values[kept] = logits[eos]!;
    const penalty = this.first.repetitionPenalty;
    if (penalty !== 1) {
      // History holds distinct non-EOS codes; one past the codebook would be suppressed anyway.
      for (const id of this.history) if (id < kept) values[id] = values[id]! < 0 ? values[id]! * penalty : values[id]! / penalty;
    }
    if (frame < MIN_NEW_FRAMES && eosSlot >= 0) values[eosSlot] = -Infinity;
    const row = this.firstRow;
    [row.values, row.length, row.lastId, row.fullLength] = [values, length, eosSlot === kept ? eos : -1, logits.length];
    return row;
  }

  private draw(row: LogitsRow, params: SamplingParams): number {
    if (!params.doSample || params.temperature === 0) return argmaxOf(row);
    return this.fused.draw(row, params, this.prng);
  }
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The first id of the largest value (torch.argmax takes the first maximum). */
function argmaxOf(row: LogitsRow): number {
  const { values, length } = row;
  let best = 0;
  for (let slot = 1; slot < length; slot++) if (values[slot]! > values[best]!) best = slot;
  return best === length - 1 && row.lastId >= 0 ? row.lastId : best;
}
