/**
 * When streamed audio is decoded without a streaming decoder graph
 * (docs/model.md#streaming-decode): a first chunk after `initialChunkFrames` frames, then chunks of
 * `chunkFrames`, each decoded with up to `leftContextFrames` earlier frames in front whose samples
 * are then dropped. Pure: it only does frame arithmetic.
 */

/** Chunking settings. */
export interface ChunkPlan {
  /** Frames in the first chunk: small, for a fast first audio (4–8 frames). */
  readonly initialChunkFrames: number;
  /** Frames in every later chunk (25 = 2 s, as vLLM-Omni and sherpa-onnx). */
  readonly chunkFrames: number;
  /** Earlier frames decoded in front of a chunk and trimmed (50, the sherpa-onnx setting). */
  readonly leftContextFrames: number;
}

/** The default plan: 4 frames first, then 25, each with 50 frames of left context. */
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
 * The next window to decode once `available` frames exist and `emitted` were decoded, or
 * undefined while the next chunk is not full. `final` (generation ended) flushes a short last chunk.
 */
export function nextWindow(plan: ChunkPlan, emitted: number, available: number, final: boolean): DecodeWindow | undefined {
  const pending = available - emitted;
  if (pending <= 0) return undefined;
  const size = emitted === 0 ? plan.initialChunkFrames : plan.chunkFrames;
  if (pending < size && !final) return undefined;
  return { contextStart: Math.max(0, emitted - plan.leftContextFrames), start: emitted, end: emitted + Math.min(size, pending) };
}

/** Why a plan is invalid, or undefined when it is fine. */
export function chunkPlanProblem(plan: ChunkPlan): string | undefined {
  const { initialChunkFrames, chunkFrames, leftContextFrames } = plan;
  if (!Number.isInteger(initialChunkFrames) || initialChunkFrames < 1) return `initialCodecChunkFrames must be an integer ≥ 1, got ${initialChunkFrames}`;
  if (!Number.isInteger(chunkFrames) || chunkFrames < 1) return `codecChunkFrames must be an integer ≥ 1, got ${chunkFrames}`;
  if (!Number.isInteger(leftContextFrames) || leftContextFrames < 0) return `codecLeftContextFrames must be an integer ≥ 0, got ${leftContextFrames}`;
  const widest = leftContextFrames + Math.max(initialChunkFrames, chunkFrames);
  if (widest > MAX_DECODE_FRAMES) return `codecLeftContextFrames + chunk frames must be ≤ ${MAX_DECODE_FRAMES}, got ${widest}`;
  return undefined;
}
