import type { CodecSpecialIds, TextSpecialIds } from '../model/model-config.js';
import type { CodecTerm, PromptLayout, PromptPosition } from './layout.js';

/** What ICL cloning adds to the prompt (docs/model.md#icl-mode). */
export interface IclReference {
  /** `ref_ids[3:-2]` of the reference-transcript prompt (docs/model.md#prompt-text). */
  readonly textIds: readonly number[];
  /** Codec frames of the reference (`ref_code` [F_r, 16] from `tokenizer12hz_encode`). */
  readonly frames: number;
}

/**
 * The ICL block that follows the codec track's `pad` position (official `generate_icl_prompt`,
 * docs/model.md#icl-mode), with the tracks
 * - text `Tt = ref_text ++ text ++ [tts_eos]`
 * - codec `Ct = [bos] ++ reference frame 0..F_r−1` (each `CE(code0) + Σ CPE(code_j, j−1)`).
 *
 * Streaming text: the first `len(Ct)` positions pair `Tt` with `Ct`; when `Tt` is longer its
 * rest is the trailing text, otherwise `Tt` is padded with `tts_pad` and trailing is
 * `[tts_pad]`. Non-streaming: all of `Tt` over `CE(pad)`, then all of `Ct` over `tts_pad`;
 * trailing `[tts_pad]`.
 *
 * @example
 * ref "Hi." (2 ids), text "Yo." (2 ids), 2 reference frames, streaming: Tt has 5 ids and Ct 3
 * terms, so the block is 3 positions and trailing is Tt's last 2 ids.
 */
export function iclBlock(
  reference: IclReference,
  textIds: readonly number[],
  text: TextSpecialIds,
  codec: CodecSpecialIds,
  streamingText: boolean,
): PromptLayout {
  const textTrack = [...reference.textIds, ...textIds, text.ttsEos];
  const codecTrack: CodecTerm[] = [codec.bos, ...Array.from({ length: reference.frames }, (_, k) => ({ referenceFrame: k }))];
  if (!streamingText) {
    const positions: PromptPosition[] = [
      ...textTrack.map((id) => ({ text: id, codec: codec.pad })),
      ...codecTrack.map((term) => ({ text: text.ttsPad, codec: term })),
    ];
    return { positions, trailing: [text.ttsPad] };
  }
  const positions = codecTrack.map((term, i) => ({ text: textTrack[i] ?? text.ttsPad, codec: term }));
  const trailing = textTrack.length > codecTrack.length ? textTrack.slice(codecTrack.length) : [text.ttsPad];
  return { positions, trailing };
}
