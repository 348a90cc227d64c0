import type { InputFeed } from '@parley/core/runtime';
import { throwIfCancelled, type CancelSignal } from '../model/cancellation.js';
import { IncrementalTextIds } from '../tokenizer/incremental-ids.js';
import type { TextTokenizer } from '../tokenizer/text-tokenizer.js';

/** The ids a synthesis can start from: the first ones of its text, and whether they are all of it. */
export interface TextLead {
  readonly ids: number[];
  /** The text is complete and `ids` are all of its ids (its `tts_eos` is the layout's to add). */
  readonly complete: boolean;
}

/**
 * A segment's text while it arrives in pieces (the worker's {@link InputFeed}), as the ids the
 * talker reads (docs/model.md#decode-step-input): the ids of whole words as they complete, then
 * `tts_eos` once the text is complete. Waiting for text never feeds `tts_pad`: pad means the text
 * is over. Every wait ends at a cancel, with CANCELLED.
 */
export class ArrivingText {
  private readonly ids: IncrementalTextIds;
  private eosGiven = false;

  constructor(
    private readonly feed: InputFeed<string>,
    tokenizer: TextTokenizer,
    private readonly ttsEos: number,
    private readonly signal: CancelSignal | undefined,
    /** The pieces end words wherever they end in a letter or digit (see `IncrementalTextIds.push`). */
    private readonly piecesEndWords = false,
  ) {
    this.ids = new IncrementalTextIds(tokenizer);
  }

  /** The text received so far. */
  get text(): string {
    return this.ids.received;
  }

  /**
   * Waits until at least `count` ids are certain or the text is complete.
   * @throws ParleyError CANCELLED once cancelled; INVALID_INPUT for empty text or a special token.
   */
  async lead(count: number): Promise<TextLead> {
    const ids: number[] = [];
    while (ids.length < count && !this.feed.ended) {
      ids.push(...this.take());
      if (ids.length < count) await this.changed();
    }
    ids.push(...this.take());
    if (!this.feed.ended) return { ids, complete: false };
    ids.push(...this.ids.end());
    this.eosGiven = true;
    return { ids, complete: true };
  }

  /**
   * The ids that became certain since the last call, waiting while there are none and the text
   * goes on; `tts_eos` follows the last; empty once all were given.
   * @throws ParleyError CANCELLED once cancelled; INVALID_INPUT for a special token.
   */
  async next(): Promise<number[]> {
    for (;;) {
      if (this.eosGiven) return [];
      const ids = this.take();
      if (this.feed.ended) {
        this.eosGiven = true;
        return [...ids, ...this.ids.end(), this.ttsEos];
      }
      if (ids.length > 0) return ids;
      await this.changed();
    }
  }

  private take(): number[] {
    return this.feed.drain().flatMap((piece) => this.ids.push(piece, this.piecesEndWords));
  }

  private async changed(): Promise<void> {
    throwIfCancelled(this.signal);
    await this.feed.changed();
    throwIfCancelled(this.signal);
  }
}
