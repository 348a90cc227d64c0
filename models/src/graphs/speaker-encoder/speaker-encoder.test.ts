import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { MEL_BINS } from '../../contract.js';
import { REAL_0_6B_SIZES } from '../../standin/sizes.js';
import { float32, floats, randomFloats } from '../../testing/ort.js';
import { RandomWeights } from '../../weights/random-weights.js';
import { buildGraph } from '../build-graph.js';

/** A 1.7B Base model's shape: the release's speaker encoder with enc_dim 2048. */
const SIZES = { ...REAL_0_6B_SIZES, hidden: 2048 };

describe("speaker_encoder at the release's sizes", () => {
  it('maps 1 s of log-mel (94 frames) to one 2048-float vector, and refuses, as PyTorch does, a clip shorter than its widest reflection', async () => {
    const session = await ort.InferenceSession.create(buildGraph('speaker_encoder', new RandomWeights(3), SIZES).toBytes(), {
      intraOpNumThreads: 1,
    });
    try {
      const mel = (frames: number) => ({ mel: float32(randomFloats(frames * MEL_BINS, 5), [1, frames, MEL_BINS]) });
      const { embedding } = await session.run(mel(94));
      expect(embedding!.dims).toEqual([1, 2048]);
      expect(floats(embedding).every(Number.isFinite)).toBe(true);
      // Dilation 4 with kernel 3 reflects 4 frames on each side: 4 frames are too few to reflect from.
      await expect(session.run(mel(4))).rejects.toThrow(/Pad reflect/);
    } finally {
      await session.release();
    }
  });
});
