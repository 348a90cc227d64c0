import { ParleyError } from '@parley/core';
import type { CancelSignal } from '../model/cancellation.js';
import { nextWindow, type ChunkPlan } from './chunk-plan.js';

/** Decodes a run of frames to samples (e.g. {@link decodeFrames} bound to a graph). */
export type FrameDecoder = (frames: readonly Int32Array[], signal?: CancelSignal) => Promise<Float32Array>;

/**
 * Turns frames arriving one by one into audio chunks while they arrive
 * (docs/model.md#streaming-decode): push each frame, then ask for {@link StreamingDecoder.next}
 * chunk; at the end ask with `final` until it returns undefined. Each chunk is decoded with its
 * left context, whose samples are trimmed, so with enough context the chunks concatenate to the
 * whole decode of all frames (the decoder is causal: no lookahead is needed).
 *
 * `history` are frames that come before the generated ones but are never emitted: ICL cloning's
 * reference frames (docs/model.md#icl-mode). They serve as left context, so the first chunk is not
 * decoded cold (as vLLM-Omni does), and the chunks equal the tail of a whole decode of
 * `history ++ generated`, the official decode-then-cut.
 */
export class StreamingDecoder {
  private readonly frames: Int32Array[];
  private readonly historyFrames: number;
  private emitted = 0;

  constructor(
    private readonly decode: FrameDecoder,
    private readonly plan: ChunkPlan,
    history: readonly Int32Array[] = [],
  ) {
    this.frames = [...history];
    this.historyFrames = history.length;
  }

  /** Adds the next generated frame. */
  push(frame: Int32Array): void {
    this.frames.push(frame);
  }

  /** Generated frames decoded into emitted audio so far. */
  get framesEmitted(): number {
    return this.emitted;
  }

  /** The samples of the next due chunk, or undefined when none is due. */
  async next(final: boolean, signal?: CancelSignal): Promise<Float32Array | undefined> {
    const window = nextWindow(this.plan, this.emitted, this.frames.length - this.historyFrames, final);
    if (!window) return undefined;
    // The plan counts generated frames; the context may reach back into the history.
    const start = this.historyFrames + window.start;
    const contextStart = Math.max(0, start - this.plan.leftContextFrames);
    const end = this.historyFrames + window.end;
    const audio = await this.decode(this.frames.slice(contextStart, end), signal);
    if (audio.length % (end - contextStart) !== 0) {
      throw new ParleyError('INTERNAL', `decoder returned ${audio.length} samples for ${end - contextStart} frames`);
    }
    this.emitted = window.end;
    return audio.slice((start - contextStart) * (audio.length / (end - contextStart)));
  }
}
