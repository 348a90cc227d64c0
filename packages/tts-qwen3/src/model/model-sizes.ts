import type * as ort from 'onnxruntime-node';
import type { DeclaredSizes } from './model-config.js';
import { loadFailed, staticDim, tensorInfo } from './validate-graph.js';

/** The sizes the engine needs, read from the graphs (docs/model.md#sizes), config.json only as a fallback. */
export interface ModelSizes {
  /** Talker hidden size H: the width of every embedding and of `last_hidden`. */
  readonly hidden: number;
  /** Talker layers: the count of `past_key_*` inputs of talker_decode. */
  readonly layers: number;
  /** Talker codec vocabulary (3072): the width of the talker's `logits`. */
  readonly codecVocab: number;
  /** Values of one code (2048): the width of the code predictor's `logits`. */
  readonly codebook: number;
  /** Codes per frame (16): the last dimension of the decoder's `audio_codes`. */
  readonly codeGroups: number;
}

/** A session the sizes are read from, with its file for error messages. */
interface SizeSource {
  readonly file: string;
  readonly session: ort.InferenceSession;
}

/** The sessions the sizes are read from: the talker decode step and code predictor of either layout. */
export interface SizeSources {
  readonly codecEmbed: SizeSource;
  readonly talkerDecode: SizeSource;
  readonly codePredictor: SizeSource;
  readonly decoder: SizeSource;
}

/**
 * Reads every size from graph metadata, falling back to what config.json declares where an
 * export left a dimension symbolic.
 * @throws ParleyError MODEL_LOAD_FAILED when a size is in neither, or the graphs disagree on H.
 */
export function readModelSizes(sources: SizeSources, layers: number, declared: DeclaredSizes): ModelSizes {
  const hidden = agreeingHidden(sources) ?? declared.hidden;
  const codecVocab = staticDim(tensorInfo(sources.talkerDecode.session.outputMetadata, 'logits'), -1) ?? declared.codecVocab;
  const codebook = staticDim(tensorInfo(sources.codePredictor.session.outputMetadata, 'logits'), -1) ?? declared.codebook;
  const codeGroups = staticDim(tensorInfo(sources.decoder.session.inputMetadata, 'audio_codes'), -1) ?? declared.codeGroups;
  return {
    hidden: required(hidden, sources.talkerDecode.file, 'the hidden size H (inputs_embeds dim 2, or talker_config.hidden_size)'),
    layers,
    codecVocab: required(codecVocab, sources.talkerDecode.file, 'the codec vocabulary (logits dim 2, or talker_config.vocab_size)'),
    codebook: required(codebook, sources.codePredictor.file, 'the codebook size (logits last dim, or code_predictor_config.vocab_size)'),
    codeGroups: required(codeGroups, sources.decoder.file, 'codes per frame (audio_codes dim 2, or talker_config.num_code_groups)'),
  };
}

/** H as every graph that states it agrees, or undefined when none states it. */
function agreeingHidden(sources: SizeSources): number | undefined {
  const stated: [string, number | undefined][] = [
    [sources.codecEmbed.file, staticDim(tensorInfo(sources.codecEmbed.session.outputMetadata, 'embeds'), -1)],
    [sources.talkerDecode.file, staticDim(tensorInfo(sources.talkerDecode.session.inputMetadata, 'inputs_embeds'), -1)],
    [sources.codePredictor.file, staticDim(tensorInfo(sources.codePredictor.session.inputMetadata, 'inputs_embeds'), -1)],
  ];
  const known = stated.filter((entry): entry is [string, number] => entry[1] !== undefined);
  const first = known[0];
  const other = known.find(([, value]) => value !== first?.[1]);
  if (first && other) throw loadFailed(other[0], `hidden size ${other[1]} differs from ${first[0]}'s ${first[1]}`);
  return first?.[1];
}

function required(value: number | undefined, file: string, what: string): number {
  if (value === undefined) throw loadFailed(file, `cannot tell ${what}`);
  return value;
}
