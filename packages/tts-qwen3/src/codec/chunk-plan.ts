/**
 * When streamed audio is decoded without a streaming decoder graph
 * (docs/model.md#streaming-decode): a first chunk after `initialChunkFrames` frames, then chunks
 * that grow to `chunkFrames` ({@link chunkFramesAt}), each decoded with up to `leftContextFrames` earlier frames in front whose samples
 * are then dropped. Pure: it only does frame arithmetic.
 */

/** Chunking settings. */
export interface ChunkPlan {
  /** Frames in the first chunk: small, for a fast first audio (4–8 frames). */
  readonly initialChunkFrames: number;
  /** Frames in the later chunks once they have grown (25 = 2 s, as vLLM-Omni and sherpa-onnx). */
  readonly chunkFrames: number;
  /** Earlier frames decoded in front of a chunk and trimmed (50, the sherpa-onnx setting). */
  readonly leftContextFrames: number;
}

/** The default plan: 4 frames first, then 4, 8, 16 and 25 from then on, each with 50 frames of left context. */
export const DEFAULT_CHUNK_PLAN: ChunkPlan = { initialChunkFrames: 4, chunkFrames: 25, leftContextFrames: 50 };

/**
 * The decoder graph must not see more frames a call: the community decoder was reportedly traced
 * for 1024 (docs/model.md#streaming-decode).
 */
export const MAX_DECODE_FRAMES = 1024;

/** One decode call: frames [contextStart, end) go in, the samples of [start, end) come out. */
export interface DecodeWindow {
  readonly contextStart: number;
  readonly start: number;
  readonly end: number;
}

/**
 * The frames of the chunk that starts after `emitted` frames: the first chunk, then chunks that
 * double up to `chunkFrames` (4, 4, 8, 16, 25, 25, … by default). A chunk no longer than the audio
 * already sent is ready before that audio has played whenever the frames come faster than real
 * time, as they do while text streams in at an LLM's pace; a 25-frame chunk right after a 4-frame
 * one would leave 2 s to make while 0.32 s plays. The ramp costs three more decode calls per
 * segment, all at its start.
 */
function chunkFramesAt(plan: ChunkPlan, emitted: number): number {
  if (emitted === 0) return plan.initialChunkFrames;
  return Math.min(plan.chunkFrames, Math.max(emitted, plan.initialChunkFrames));
}

/**
 * The next window to decode once `available` frames exist and `emitted` were decoded, or
 * undefined while the next chunk is not full. `final` (generation ended) flushes a short last chunk.
 */
export function nextWindow(plan: ChunkPlan, emitted: number, available: number, final: boolean): DecodeWindow | undefined {
  const pending = available - emitted;
  if (pending <= 0) return undefined;
  const size = chunkFramesAt(plan, emitted);
  if (pending < size && !final) return undefined;
  return { contextStart: Math.max(0, emitted - plan.leftContextFrames), start: emitted, end: emitted + Math.min(size, pending) };
}

/** Why a plan is invalid, or undefined when it is fine. */
export function chunkPlanProblem(plan: ChunkPlan): string | undefined {
  const { initialChunkFrames, chunkFrames, leftContextFrames } = plan;
  if (!Number.isInteger(initialChunkFrames) || initialChunkFrames < 1)
    return `initialCodecChunkFrames must be an integer ≥ 1, got ${initialChunkFrames}`;
  if (!Number.isInteger(chunkFrames) || chunkFrames < 1) return `codecChunkFrames must be an integer ≥ 1, got ${chunkFrames}`;
  if (!Number.isInteger(leftContextFrames) || leftContextFrames < 0)
    return `codecLeftContextFrames must be an integer ≥ 0, got ${leftContextFrames}`;
  const widest = leftContextFrames + Math.max(initialChunkFrames, chunkFrames);
  if (widest > MAX_DECODE_FRAMES) return `codecLeftContextFrames + chunk frames must be ≤ ${MAX_DECODE_FRAMES}, got ${widest}`;
  return undefined;
}
