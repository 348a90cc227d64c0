import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REFERENCE_SEED } from '../../standin/reference-checkpoints.js';
import { STANDIN_CODEC_DECODER_SIZES as REFERENCE_CODEC_DECODER_SIZES } from '../../standin/sizes.js';
import { maxAbsDiff, removeTemporaryDirs, temporaryDir } from '../../testing/ort.js';
import { RandomWeights } from '../../weights/random-weights.js';
import { SafetensorsWeights } from '../../weights/safetensors-weights.js';
import type { WeightSource } from '../../weights/weight-source.js';
import { buildCodecDecoder } from './codec-decoder.js';
import { codecDecoderSizesFromConfig, samplesPerFrame } from './codec-sizes.js';
import type { StreamingState } from './codec-stream.js';
import { generateSpeechTokenizerCheckpoint } from './speech-tokenizer-checkpoint.js';

const GOLDENS = join(import.meta.dirname, '..', '..', '..', '..', 'reference', 'goldens', 'official.json');
const golden = (JSON.parse(readFileSync(GOLDENS, 'utf8')) as { decoder: { codes: number[][]; float32_base64: string } }).decoder;
const officialSamples = (() => {
  const bytes = Buffer.from(golden.float32_base64, 'base64');
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
})();

/** A decoder built at the reference sizes from `weights`: the whole-sequence session and the streaming one. */
async function decoders(weights: WeightSource) {
  const sizes = REFERENCE_CODEC_DECODER_SIZES;
  const whole = await ort.InferenceSession.create(buildCodecDecoder('whole', weights, sizes, 'whole').graph.toBytes(), {
    intraOpNumThreads: 1,
  });
  const built = buildCodecDecoder('streaming', weights, sizes, 'streaming');
  const streaming = await ort.InferenceSession.create(built.graph.toBytes(), { intraOpNumThreads: 1 });
  return { whole, streaming, state: built.state! };
}

const codesTensor = (codes: number[][]) => new ort.Tensor('int64', BigInt64Array.from(codes.flat(), BigInt), [1, codes.length, 16]);

async function decodeWhole(session: ort.InferenceSession, codes: number[][]): Promise<Float32Array> {
  return (await session.run({ audio_codes: codesTensor(codes) })).audio_values!.data as Float32Array;
}

/** Decodes `codes` chunk by chunk through the streaming graph, from an empty state. */
async function decodeStreamed(
  session: ort.InferenceSession,
  state: StreamingState,
  codes: number[][],
  chunks: number[],
): Promise<Float32Array> {
  let feeds: Record<string, ort.Tensor> = { 'state.position': new ort.Tensor('int64', BigInt64Array.from([0n]), [1]) };
  for (const { name, dims } of state.tensors) {
    const shape = dims.map((d) => (typeof d === 'number' ? d : 0)); // no earlier positions yet
    feeds[`state.${name}`] = new ort.Tensor('float32', new Float32Array(shape.reduce((a, b) => a * b, 1)), shape);
  }
  const out: Float32Array[] = [];
  let frame = 0;
  for (const n of chunks) {
    const outputs = await session.run({ ...feeds, audio_codes: codesTensor(codes.slice(frame, frame + n)) });
    out.push(outputs.audio_values!.data as Float32Array);
    feeds = {};
    for (const [key, value] of Object.entries(outputs)) if (key.startsWith('next.')) feeds[key.replace('next.', 'state.')] = value;
    frame += n;
  }
  return Float32Array.from(out.flatMap((chunk) => Array.from(chunk)));
}

let official: Awaited<ReturnType<typeof decoders>>;
beforeAll(async () => {
  const dir = temporaryDir();
  generateSpeechTokenizerCheckpoint(dir, REFERENCE_CODEC_DECODER_SIZES, REFERENCE_SEED);
  const config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as { decoder_config: Record<string, unknown> };
  expect(codecDecoderSizesFromConfig(config.decoder_config)).toEqual(REFERENCE_CODEC_DECODER_SIZES);
  official = await decoders(SafetensorsWeights.fromDirectory(dir));
});
afterAll(removeTemporaryDirs);

describe('the speech tokenizer decoder, from official-format weights', () => {
  it("gives the official decoder's samples for the same weights and codes, whole and streamed", async () => {
    const whole = await decodeWhole(official.whole, golden.codes);
    expect(whole.length).toBe(golden.codes.length * samplesPerFrame(REFERENCE_CODEC_DECODER_SIZES));
    expect(maxAbsDiff(whole, officialSamples)).toBeLessThan(1e-4);
    const streamed = await decodeStreamed(official.streaming, official.state, golden.codes, [1, 4, 2, 7, 3, 7]);
    expect(maxAbsDiff(streamed, officialSamples)).toBeLessThan(1e-4);
  });

  it('streams exactly the whole-sequence samples for any chunking (past the sliding window too)', async () => {
    const random = await decoders(new RandomWeights(5));
    const codes = Array.from({ length: 20 }, (_, f) => Array.from({ length: 16 }, (_, q) => (f * 131 + q * 977) % 2048));
    const whole = await decodeWhole(random.whole, codes);
    const chunkings = fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 20 }).map((sizes) => {
      const chunks: number[] = [];
      let left = codes.length;
      for (const size of sizes) if (left > 0) (chunks.push(Math.min(size, left)), (left -= Math.min(size, left)));
      if (left > 0) chunks.push(left);
      return chunks;
    });
    await fc.assert(
      fc.asyncProperty(chunkings, async (chunks) => {
        expect(maxAbsDiff(await decodeStreamed(random.streaming, random.state, codes, chunks), whole)).toBeLessThan(1e-5);
      }),
      { numRuns: 12 },
    );
  });
});
