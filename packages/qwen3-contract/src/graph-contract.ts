/**
 * The I/O contracts of the graph files: the community ONNX layout (the published export) and the
 * graphs the parley layout replaces its talker and code predictor with. Names, dtypes and ranks
 * of inputs and outputs; sizes (H, layers, heads) are not part of it: an engine reads them from
 * the graphs, and a generator may pick any.
 */
import type { GraphName, ParleyGraphName } from './graph-names.js';

/** The element types the layouts use (every graph is fp32, with int64 ids). */
export type TensorType = 'float32' | 'int64';

/** One input or output. `name` undefined: any name (the community exports name the speaker encoder's I/O differently). */
export interface TensorSpec {
  readonly name: string | undefined;
  readonly type: TensorType;
  /** Accepted ranks. */
  readonly ranks: readonly number[];
}

/** A graph file and its contract. */
export interface GraphSpec {
  readonly name: GraphName;
  /** Optional graphs (cloning only) may be absent from the directory. */
  readonly optional: boolean;
  readonly inputs: readonly TensorSpec[];
  readonly outputs: readonly TensorSpec[];
  /** The `past_key_i`/`past_value_i` inputs per layer, when the graph takes a cache. */
  readonly kvInputs: KvSpec | undefined;
  /** The `present_*` (whole cache) or `new_*` (this step's positions) outputs per layer. */
  readonly kvOutputs: KvSpec | undefined;
}

/**
 * A per-layer cache pair `<prefix>_key_i` / `<prefix>_value_i`, f32 of `rank`: 4 for the
 * community's `[1,kvH,T,hd]`, 3 for the parley layout's `[kvH,T,hd]` (capacity buffers as input).
 */
export interface KvSpec {
  readonly prefix: 'past' | 'present' | 'new';
  readonly rank: 3 | 4;
}

const f32 = (name: string | undefined, ...ranks: number[]): TensorSpec => ({ name, type: 'float32', ranks });
const i64 = (name: string, ...ranks: number[]): TensorSpec => ({ name, type: 'int64', ranks });

function graph(name: GraphName, inputs: TensorSpec[], outputs: TensorSpec[], extra: Partial<GraphSpec> = {}): GraphSpec {
  return { name, optional: false, inputs, outputs, kvInputs: undefined, kvOutputs: undefined, ...extra };
}

/** The graphs both layouts share: embeddings, the codec decoder and the cloning graphs. */
const SHARED_SPECS: readonly GraphSpec[] = [
  graph('text_project', [i64('input_ids', 2)], [f32('embeds', 3)]),
  graph('codec_embed', [i64('input_ids', 2)], [f32('embeds', 3)]),
  graph('code_predictor_embed', [i64('input_ids', 2), i64('generation_step', 1)], [f32('embeds', 3)]),
  graph('tokenizer12hz_decode', [i64('audio_codes', 3)], [f32('audio_values', 2, 3), i64('lengths', 1)]),
  graph('speaker_encoder', [f32(undefined, 3)], [f32(undefined, 2, 3)], { optional: true }),
  graph('tokenizer12hz_encode', [f32('input_values', 2)], [i64('audio_codes', 3), i64('lengths', 1)], { optional: true }),
];

const headMajor = (prefix: KvSpec['prefix']): KvSpec => ({ prefix, rank: 4 });
const capacity = (prefix: KvSpec['prefix']): KvSpec => ({ prefix, rank: 3 });

/** Every graph of the community layout with its contract. */
export const GRAPH_SPECS: readonly GraphSpec[] = [
  ...SHARED_SPECS,
  // last_hidden may be [1,1,H] or [1,T,H], depending on the export: both are rank 3.
  graph('talker_prefill', [f32('inputs_embeds', 3), i64('attention_mask', 2)], [f32('logits', 3), f32('last_hidden', 3)], {
    kvOutputs: headMajor('present'),
  }),
  graph('talker_decode', [f32('inputs_embeds', 3), i64('attention_mask', 2)], [f32('logits', 3), f32('last_hidden', 3)], {
    kvInputs: headMajor('past'),
    kvOutputs: headMajor('present'),
  }),
  // zukky's code predictor returns [1,2048]; the sherpa export [1,1,V]: the engine reads the tail.
  graph('code_predictor', [f32('inputs_embeds', 3), i64('generation_step', 1)], [f32('logits', 2, 3)]),
];

/**
 * The parley layout's graphs with their contracts: the shared ones plus a talker and a code
 * predictor whose steps read the engine's capacity buffers (`past_*` with `past_length`) and
 * return only the new position's K/V.
 */
export const PARLEY_GRAPH_SPECS: readonly GraphSpec[] = [
  ...SHARED_SPECS,
  graph('parley_talker_prefill', [f32('inputs_embeds', 3)], [f32('logits', 3), f32('last_hidden', 3)], { kvOutputs: capacity('present') }),
  graph('parley_talker_decode', [f32('inputs_embeds', 3), i64('past_length', 1)], [f32('logits', 3), f32('last_hidden', 3)], {
    kvInputs: capacity('past'),
    kvOutputs: capacity('new'),
  }),
  graph('parley_code_predictor_prefill', [f32('inputs_embeds', 3)], [f32('logits', 2)], { kvOutputs: capacity('present') }),
  graph('parley_code_predictor_step', [f32('inputs_embeds', 3), i64('generation_step', 1), i64('past_length', 1)], [f32('logits', 2)], {
    kvInputs: capacity('past'),
    kvOutputs: capacity('new'),
  }),
  kvAppend('parley_talker_kv_append'),
  kvAppend('parley_code_predictor_kv_append'),
  // Optional: directories converted before it (or from a community decoder) decode in windows instead.
  graph(
    'parley_codec_decode_streaming',
    [i64('audio_codes', 3), i64('state.position', 1)],
    [f32('audio_values', 2), i64('next.position', 1)],
    { optional: true },
  ),
];

/**
 * A weightless graph that writes a step's `new_*` into a capacity cache held on a GPU and
 * returns the whole cache (`present_*`, grown to `capacity`). Optional: only an engine whose
 * cache lives on the device runs it, and directories converted before it existed lack it.
 */
function kvAppend(name: ParleyGraphName): GraphSpec {
  const inputs = [i64('past_length', 1), i64('capacity', 1), f32('new_key_0', 3), f32('new_value_0', 3)];
  return graph(name, inputs, [], { optional: true, kvInputs: capacity('past'), kvOutputs: capacity('present') });
}
