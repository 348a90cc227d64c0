/**
 * The nine graph files of the community ONNX layout (the one the published Qwen3-TTS ONNX
 * export uses), each `<name>.onnx`: embeddings, a talker that returns its whole KV cache, a code
 * predictor that recomputes its context, the codec decoder and the two cloning encoders.
 */
export const COMMUNITY_GRAPH_NAMES = [
  'text_project',
  'codec_embed',
  'code_predictor_embed',
  'talker_prefill',
  'talker_decode',
  'code_predictor',
  'tokenizer12hz_decode',
  'speaker_encoder',
  'tokenizer12hz_encode',
] as const;

/** One of {@link COMMUNITY_GRAPH_NAMES}. */
export type CommunityGraphName = (typeof COMMUNITY_GRAPH_NAMES)[number];

/** The community graphs the parley layout uses as they are (same weights, same I/O). */
export const SHARED_GRAPH_NAMES = [
  'text_project',
  'codec_embed',
  'code_predictor_embed',
  'tokenizer12hz_decode',
  'speaker_encoder',
  'tokenizer12hz_encode',
] as const satisfies readonly CommunityGraphName[];

/**
 * The graphs the parley layout puts in place of the community talker and code predictor, whose
 * steps read the engine's capacity buffers and return only the new position's K/V; the
 * weightless appends an engine runs when its caches live on a GPU, which JS cannot write; and
 * the codec decoder's streaming form, which carries its state from chunk to chunk so that a
 * stream decodes every frame once and exactly.
 */
export const PARLEY_GRAPH_NAMES = [
  'parley_talker_prefill',
  'parley_talker_decode',
  'parley_code_predictor_prefill',
  'parley_code_predictor_step',
  'parley_talker_kv_append',
  'parley_code_predictor_kv_append',
  'parley_codec_decode_streaming',
] as const;

/**
 * The codec decoder's graphs: built from a checkpoint's `speech_tokenizer/` weights, not the
 * talker's (the whole-sequence one is a community graph too).
 */
export const CODEC_GRAPH_NAMES = ['tokenizer12hz_decode', 'parley_codec_decode_streaming'] as const;

/** One of {@link PARLEY_GRAPH_NAMES}. */
export type ParleyGraphName = (typeof PARLEY_GRAPH_NAMES)[number];

/** Any graph file of either layout. */
export type GraphName = CommunityGraphName | ParleyGraphName;

/** The file name of a graph in a model directory. */
export function graphFile(name: GraphName): string {
  return `${name}.onnx`;
}
