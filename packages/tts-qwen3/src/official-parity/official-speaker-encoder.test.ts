import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureStandinModel } from '@parley/models';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModel, type Qwen3Model } from '../model/load-model.js';
import { referenceModel, type ReferenceModel } from '../testing/official-goldens.js';
import { readSpeakerEncoderGoldens } from '../testing/speaker-encoder-goldens.js';
import { collect } from '../testing/standin.js';
import { loadTokenizer } from '../tokenizer/text-tokenizer.js';
import { speakerEmbedding } from '../voice-clone/speaker-embedding.js';

const { clip, embeddings } = readSpeakerEncoderGoldens();
const references = new Map<string, ReferenceModel>();
const models = new Map<string, Qwen3Model>();

beforeAll(async () => {
  for (const { checkpoint } of embeddings) {
    const reference = await referenceModel(checkpoint);
    references.set(checkpoint, reference);
    models.set(checkpoint, await loadModel(reference.model, { threads: 1 }));
  }
});
afterAll(async () => {
  await Promise.all([...models.values()].map((model) => model.release()));
  for (const reference of references.values()) reference.remove();
});

describe("the speaker encoder built from a Base checkpoint's own weights, against the official ECAPA-TDNN", () => {
  it('covers a 0.6B- and a 1.7B-shaped Base checkpoint, the ones the goldens were made from (else run `npm run reference`)', () => {
    expect(embeddings.map((e) => e.checkpoint)).toEqual(['base-0b6', 'base-1b7']);
    for (const { checkpoint, sha256 } of embeddings) expect(references.get(checkpoint)!.sha256, checkpoint).toBe(sha256);
  });

  it.each(embeddings.map((e) => [e.checkpoint, e] as const))(
    '%s: the engine embeds the clip as the official extract_speaker_embedding does, within 1e-4',
    async (checkpoint, golden) => {
      const model = models.get(checkpoint)!;
      expect(golden.embedding).toHaveLength(model.sizes.hidden);
      const ours = await speakerEmbedding(model.graphs.speakerEncoder!, clip, model.sizes.hidden);
      const error = Math.max(...golden.embedding.map((value, i) => Math.abs(value - ours[i]!)));
      expect(error).toBeLessThan(1e-4);
    },
  );
});

describe('x-vector cloning with a converted 1.7B-shaped Base model', () => {
  const XVECTOR = { clone: { audio: clip, sampleRate: 24_000, mode: 'x-vector' as const }, maxFrames: 3, seed: 1 };

  it('speaks: its speaker vector is as wide as its talker (40), not the 32 of the --codec model', async () => {
    const model = models.get('base-1b7')!;
    expect(model.sizes.hidden).toBe(40);
    const { frames } = await collect({ model, tokenizer: loadTokenizer(model.dir) }, 'Hello world.', XVECTOR);
    expect(frames).toHaveLength(3);
  });

  it('failed with MODEL_LOAD_FAILED when the speaker encoder was copied from --codec, as before', async () => {
    const reference = references.get('base-1b7')!;
    copyFileSync(join(await ensureStandinModel(), 'speaker_encoder.onnx'), join(reference.model, 'speaker_encoder.onnx'));
    const model = await loadModel(reference.model, { threads: 1 });
    try {
      await expect(collect({ model, tokenizer: loadTokenizer(model.dir) }, 'Hello world.', XVECTOR)).rejects.toMatchObject({
        code: 'MODEL_LOAD_FAILED',
        message: "speaker_encoder.onnx returned 32 floats, expected 40 (the talker's hidden size)",
      });
    } finally {
      await model.release();
    }
  });
});
