import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { standinRuntime } from '../testing/standin.js';
import type { Qwen3Model } from '../model/load-model.js';
import { int64Tensor, outputFloats } from '../model/tensors.js';
import { CodeEmbeddings } from './code-embeddings.js';

let model: Qwen3Model;
beforeAll(async () => {
  model = (await standinRuntime()).model;
});
afterAll(() => model.release());

const runs = (graph: string) => model.monitor.snapshot().byGraph[graph]?.runs ?? 0;
const direct = async (graph: 'codecEmbed' | 'codePredictorEmbed', code: number, step?: number) =>
  outputFloats(
    await model.graphs[graph].session.run({
      input_ids: int64Tensor([code], [1, 1]),
      ...(step === undefined ? {} : { generation_step: int64Tensor([step], [1]) }),
    }),
    'embeds',
  );

describe('CodeEmbeddings', () => {
  it('gives the rows the embedding graphs give, reading codec_embed whole at load (it takes a sequence)', async () => {
    const embeddings = await CodeEmbeddings.read(model.graphs, model.sizes);
    const before = runs('codec_embed');
    for (const code of [0, 1, 777, 2047]) expect(await embeddings.codec(code)).toEqual(await direct('codecEmbed', code));
    expect(runs('codec_embed')).toBe(before);
  });

  it('fills a [1,1]-traced code_predictor_embed row by row: one run per (step, code), then none', async () => {
    const embeddings = await CodeEmbeddings.read(model.graphs, model.sizes);
    const before = runs('code_predictor_embed');
    const first = (await embeddings.sub(5, 3)).slice();
    expect(first).toEqual(await direct('codePredictorEmbed', 5, 3));
    expect(await embeddings.sub(5, 3)).toEqual(first);
    expect(await embeddings.sub(5, 4)).toEqual(await direct('codePredictorEmbed', 5, 4));
    expect(runs('code_predictor_embed') - before).toBe(2);
  });
});
