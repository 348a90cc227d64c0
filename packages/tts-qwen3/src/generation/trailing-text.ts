import type { PrefillEmbeds } from '../prompt/prefill-embeds.js';

/**
 * The text track of the decode steps (docs/model.md#decode-step-input): `TP(trailing[k])` is
 * added to step k's input, `TP(tts_pad)` past the end of the text.
 */
export interface TrailingText {
  /** Step k's text vector (H floats); waits while the text is still arriving. */
  at(step: number): Float32Array | Promise<Float32Array>;
}

/** The trailing text of a prompt whose text was whole at the prefill. */
export function wholeTrailing(prefill: PrefillEmbeds): TrailingText {
  return { at: (step) => prefill.trailing[step] ?? prefill.ttsPad };
}

/** Where more trailing ids come from: empty once the text (and its `tts_eos`) is all given. */
export interface TrailingIds {
  next(): Promise<number[]>;
}

/**
 * The trailing text of a prompt whose text goes on arriving after the prefill: the prefill's
 * rows, then the rows of each batch of ids as it comes (one `text_project` run per batch, by
 * `embed`). A step past the rows waits for the next batch rather than taking `tts_pad` early.
 */
export class ArrivingTrailing implements TrailingText {
  private readonly rows: Float32Array[];
  private readonly pad: Float32Array;
  private exhausted = false;

  constructor(
    prefill: PrefillEmbeds,
    private readonly ids: TrailingIds,
    private readonly embed: (ids: readonly number[]) => Promise<Float32Array[]>,
  ) {
    this.rows = [...prefill.trailing];
    this.pad = prefill.ttsPad;
  }

  async at(step: number): Promise<Float32Array> {
    while (step >= this.rows.length && !this.exhausted) {
      const ids = await this.ids.next();
      if (ids.length === 0) this.exhausted = true;
      else this.rows.push(...(await this.embed(ids)));
    }
    return this.rows[step] ?? this.pad;
  }
}
