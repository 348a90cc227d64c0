import { ParleyError } from '@parley/core';
import type { CancelSignal } from '../model/cancellation.js';
import { nextWindow, type ChunkPlan } from './chunk-plan.js';

/** Decodes a run of frames to samples (e.g. {@link decodeFrames} bound to a graph). */
export type FrameDecoder = (frames: readonly Int32Array[], signal?: CancelSignal) => Promise<Float32Array>;

/**
 * Turns frames arriving one by one into audio chunks while they arrive (doc §4): push each
 * frame, then ask for {@link StreamingDecoder.next} chunk; at the end ask with `final` until
 * it returns undefined. Each chunk is decoded with its left context, whose samples are trimmed,
 * so with enough context the chunks concatenate to the whole decode of all frames (the decoder
 * is causal: no lookahead is needed).
 */
export class StreamingDecoder {
  private readonly frames: Int32Array[] = [];
  private emitted = 0;

  constructor(
    private readonly decode: FrameDecoder,
    private readonly plan: ChunkPlan,
  ) {}

  /** Adds the next generated frame. */
  push(frame: Int32Array): void {
    this.frames.push(frame);
  }

  /** Frames decoded into emitted audio so far. */
  get framesEmitted(): number {
    return this.emitted;
  }

  /** The samples of the next due chunk, or undefined when none is due. */
  async next(final: boolean, signal?: CancelSignal): Promise<Float32Array | undefined> {
    const window = nextWindow(this.plan, this.emitted, this.frames.length, final);
    if (!window) return undefined;
    const windowFrames = window.end - window.contextStart;
    const audio = await this.decode(this.frames.slice(window.contextStart, window.end), signal);
    if (audio.length % windowFrames !== 0) {
      throw new ParleyError('INTERNAL', `decoder returned ${audio.length} samples for ${windowFrames} frames`);
    }
    this.emitted = window.end;
    return audio.slice((window.start - window.contextStart) * (audio.length / windowFrames));
  }
}
