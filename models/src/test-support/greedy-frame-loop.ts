import type * as ort from 'onnxruntime-node';
import { CODEBOOK_SIZE, NUM_CODE_GROUPS } from '../contract.js';
import type { StandinSizes } from '../standin/sizes.js';
import { float32, floats, int64, openGraph, pastFromPresents } from './ort.js';
import { CapacityKv } from './capacity-kv.js';

/** What a frame loop needs from a layout's talker and code predictor (doc §3 "The loop"). */
export interface FrameGraphs {
  /** Talker prefill over [1,T,H]: the last logits (3072) and last_hidden (H). */
  prefill(embeds: Float32Array): Promise<TalkerStep>;
  /** One talker decode step on [1,1,H]. */
  decode(embed: Float32Array): Promise<TalkerStep>;
  /** Code predictor step 0 over `[last_hidden, e0]`: logits for code 1. */
  predictFirst(lastHidden: Float32Array, e0: Float32Array): Promise<Float32Array>;
  /** Code predictor step j (1..14) after appending `e` (CPE of code j): logits for code j+1. */
  predictNext(e: Float32Array, step: number): Promise<Float32Array>;
}

/** The talker outputs the loop reads. */
export interface TalkerStep {
  readonly logits: Float32Array;
  readonly lastHidden: Float32Array;
}

const last = (data: Float32Array, n: number) => data.slice(data.length - n);
const talkerStep = (out: ort.InferenceSession.OnnxValueMapType, hidden: number): TalkerStep => ({ logits: last(floats(out.logits), 3072), lastHidden: last(floats(out.last_hidden), hidden) });

/** The community layout: full cache round-trips and a code predictor that recomputes its context. */
export async function communityFrameGraphs(dir: string, sizes: StandinSizes): Promise<FrameGraphs> {
  const [prefill, decode, predictor] = await Promise.all(['talker_prefill', 'talker_decode', 'code_predictor'].map((n) => openGraph(dir, n)));
  let presents: ort.InferenceSession.OnnxValueMapType = {};
  let length = 0;
  let context: Float32Array[] = [];
  const mask = () => int64(Array(length).fill(1), [1, length]);
  const predict = async (step: number) => {
    const all = Float32Array.from(context.flatMap((c) => [...c]));
    return floats((await predictor!.run({ inputs_embeds: float32(all, [1, context.length, sizes.hidden]), generation_step: int64([step], [1]) })).logits);
  };
  return {
    async prefill(embeds) {
      length = embeds.length / sizes.hidden;
      presents = await prefill!.run({ inputs_embeds: float32(embeds, [1, length, sizes.hidden]), attention_mask: mask() });
      return talkerStep(presents, sizes.hidden);
    },
    async decode(embed) {
      length += 1;
      presents = await decode!.run({ inputs_embeds: float32(embed, [1, 1, sizes.hidden]), attention_mask: mask(), ...pastFromPresents(presents) });
      return talkerStep(presents, sizes.hidden);
    },
    predictFirst: (lastHidden, e0) => ((context = [lastHidden, e0]), predict(0)),
    predictNext: (e, step) => (context.push(e), predict(step)),
  };
}

/** The parley layout: capacity caches kept in JS, graphs that return only the new K/V. */
export async function parleyFrameGraphs(dir: string, sizes: StandinSizes): Promise<FrameGraphs> {
  const names = ['parley_talker_prefill', 'parley_talker_decode', 'parley_code_predictor_prefill', 'parley_code_predictor_step'];
  const [prefill, decode, cpPrefill, cpStep] = await Promise.all(names.map((n) => openGraph(dir, n)));
  const talker = new CapacityKv(sizes.layers, sizes.kvHeads, sizes.headDim);
  let predictor = new CapacityKv(sizes.cpLayers, sizes.cpKvHeads, sizes.cpHeadDim, NUM_CODE_GROUPS);
  const H = sizes.hidden;
  return {
    async prefill(embeds) {
      const out = await prefill!.run({ inputs_embeds: float32(embeds, [1, embeds.length / H, H]) });
      talker.append(out, 'present_', embeds.length / H);
      return talkerStep(out, H);
    },
    async decode(embed) {
      const out = await decode!.run({ inputs_embeds: float32(embed, [1, 1, H]), ...talker.feeds() });
      talker.append(out, 'new_', 1);
      return talkerStep(out, H);
    },
    async predictFirst(lastHidden, e0) {
      predictor = new CapacityKv(sizes.cpLayers, sizes.cpKvHeads, sizes.cpHeadDim, NUM_CODE_GROUPS);
      const both = new Float32Array(2 * H);
      both.set(lastHidden);
      both.set(e0, H);
      const out = await cpPrefill!.run({ inputs_embeds: float32(both, [1, 2, H]) });
      predictor.append(out, 'present_', 2);
      return floats(out.logits);
    },
    async predictNext(e, step) {
      const out = await cpStep!.run({ inputs_embeds: float32(e, [1, 1, H]), generation_step: int64([step], [1]), ...predictor.feeds() });
      predictor.append(out, 'new_', 1);
      return floats(out.logits);
    },
  };
}

/** Index of the largest of `logits[0..count)`. */
export function argmax(logits: Float32Array, count = logits.length): number {
  let best = 0;
  for (let i = 1; i < count; i++) if (logits[i]! > logits[best]!) best = i;
  return best;
}

/**
 * Greedy frames: code 0 is the argmax over 0..2047 (specials incl. EOS are never picked, so the
 * loop runs all `frames`), codes 1..15 the code predictor's argmax; the next talker input is
 * `CE(c0) + Σ CPE(c_j, j-1) + pad` (doc §2 decode step, `pad` standing in for TP(tts_pad)).
 */
export async function greedyFrames(dir: string, graphs: FrameGraphs, prompt: Float32Array, pad: Float32Array, frames: number): Promise<number[][]> {
  const [codecEmbed, cpEmbed] = await Promise.all([openGraph(dir, 'codec_embed'), openGraph(dir, 'code_predictor_embed')]);
  const embedCode = async (session: ort.InferenceSession, code: number, step?: number) =>
    floats((await session.run({ input_ids: int64([code], [1, 1]), ...(step === undefined ? {} : { generation_step: int64([step], [1]) }) })).embeds);
  let talker = await graphs.prefill(prompt);
  const codes: number[][] = [];
  for (let f = 0; f < frames; f++) {
    const frame = [argmax(talker.logits, CODEBOOK_SIZE)];
    const next = (await embedCode(codecEmbed!, frame[0]!)).slice();
    let logits = await graphs.predictFirst(talker.lastHidden, next.slice());
    for (let j = 1; j < NUM_CODE_GROUPS; j++) {
      frame.push(argmax(logits));
      const e = await embedCode(cpEmbed!, frame[j]!, j - 1);
      next.forEach((v, i) => (next[i] = v + e[i]!));
      if (j < NUM_CODE_GROUPS - 1) logits = await graphs.predictNext(e, j);
    }
    next.forEach((v, i) => (next[i] = v + pad[i]!));
    codes.push(frame);
    talker = await graphs.decode(next);
  }
  return codes;
}
