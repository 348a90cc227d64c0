import {
  applyRepetitionPenalty,
  applyTemperature,
  applyTopK,
  applyTopP,
  argmax,
  maskToken,
  sampleFromLogits,
  suppressFrom,
} from './logits-processors.js';
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

/** Code 0 (the talker) adds a repetition penalty over its own history (doc §2). */
export interface FirstCodeParams extends SamplingParams {
  readonly repetitionPenalty: number;
}

/** Defaults of the official generation config (doc §2). */
export const DEFAULT_SAMPLING: FirstCodeParams = { doSample: true, temperature: 0.9, topK: 50, topP: 1, repetitionPenalty: 1.05 };

/** `min_new_tokens`: EOS is masked for the first two frames (doc §2). */
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
 * The official sampling (doc §2): for code 0, repetition penalty on the distinct codes 0 so
 * far → EOS masked for the first {@link MIN_NEW_FRAMES} frames → suppression of `codebook`..end
 * but EOS → temperature → top-k → top-p → draw; sub-codes the same without the first three.
 */
export class CodeSampler implements FrameSampler {
  private readonly history = new Set<number>();

  constructor(
    private readonly first: FirstCodeParams,
    private readonly sub: SamplingParams,
    private readonly ids: CodeIds,
    private readonly prng: Prng,
  ) {}

  sampleFirst(logits: Float32Array, frame: number): number {
    const row = logits.slice();
    applyRepetitionPenalty(row, this.history, this.first.repetitionPenalty);
    if (frame < MIN_NEW_FRAMES) maskToken(row, this.ids.eos);
    suppressFrom(row, this.ids.codebook, this.ids.eos);
    const code = this.draw(row, this.first);
    if (code !== this.ids.eos) this.history.add(code);
    return code;
  }

  sampleSub(logits: Float32Array, _group: number): number {
    return this.draw(logits.slice(), this.sub);
  }

  private draw(row: Float32Array, params: SamplingParams): number {
    if (!params.doSample || params.temperature === 0) return argmax(row);
    applyTemperature(row, params.temperature);
    applyTopK(row, params.topK);
    applyTopP(row, params.topP);
    return sampleFromLogits(row, this.prng.nextFloat());
  }
}
