import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModel, type Qwen3Model } from '../model/load-model.js';
import { loadTokenizer } from '../tokenizer/text-tokenizer.js';
import { promptIds } from '../prompt/prompt-ids.js';
import { readGoldens, referenceModel, runOfficialCase, type ReferenceModel } from '../testing/official-goldens.js';

const goldens = readGoldens();
const references = new Map<string, ReferenceModel>();
const models = new Map<string, Qwen3Model>();

beforeAll(async () => {
  for (const name of new Set(goldens.cases.map((c) => c.checkpoint))) {
    const reference = await referenceModel(name);
    references.set(name, reference);
    models.set(name, await loadModel(reference.model, { threads: 1 }));
  }
});
afterAll(async () => {
  await Promise.all([...models.values()].map((model) => model.release()));
  for (const reference of references.values()) reference.remove();
});

describe('the engine against the official implementation, on the same random weights', () => {
  it('runs the checkpoints the goldens were made from (else run `npm run reference`)', () => {
    for (const [name, reference] of references)
      expect(reference.sha256, name).toBe(goldens.checkpoints[name as keyof typeof goldens.checkpoints].model_safetensors_sha256);
  });

  it.each(goldens.cases.map((c) => [c.name, c] as const))(
    '%s: the same prompt ids, first logits within 1e-4 and greedy codes frame for frame',
    async (_name, c) => {
      const model = models.get(c.checkpoint)!;
      const ids = promptIds(loadTokenizer(model.dir), c.text, c.instruction);
      expect([...ids.role, ...ids.text]).toEqual(c.prompt_ids.slice(0, -5)); // the official prompt's [0:3] and [3:-5]
      expect(ids.instruction ?? null).toEqual(c.instruction_ids);
      const { frames, firstLogits } = await runOfficialCase(model, c);
      const error = Math.max(...c.first_logits.map((value, i) => Math.abs(value - firstLogits[i]!)));
      expect(error).toBeLessThan(1e-4);
      expect(frames).toEqual(c.frames);
    },
  );
});
