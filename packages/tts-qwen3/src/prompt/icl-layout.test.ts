import { describe, expect, it } from 'vitest';
import { parseModelConfig, type ModelConfig } from '../model/model-config.js';
import { buildPromptLayout, SPEAKER_VECTOR, type CloneLayout, type PromptLayout } from './layout.js';
import type { PromptIds } from './prompt-ids.js';
import { resolveVoice } from './voice.js';

/** A Base config with the released ids (docs/model.md#special-ids): no speakers. */
const config: ModelConfig = parseModelConfig({
  tts_model_type: 'base',
  tts_pad_token_id: 151671,
  tts_bos_token_id: 151672,
  tts_eos_token_id: 151673,
  talker_config: {
    codec_pad_id: 2148,
    codec_bos_id: 2149,
    codec_eos_token_id: 2150,
    codec_think_id: 2154,
    codec_nothink_id: 2155,
    codec_think_bos_id: 2156,
    codec_think_eos_id: 2157,
    codec_language_id: { english: 2050 },
    spk_id: {},
  },
});
const [PAD, BOS, NOTHINK, THINK, THINK_BOS, THINK_EOS] = [2148, 2149, 2155, 2154, 2156, 2157];
const [TTS_PAD, TTS_BOS, TTS_EOS] = [151671, 151672, 151673];
const ROLE = [151644, 77091, 198];
const TEXT = [9707, 11, 1879, 0]; // "Hello, world!"
const REF = [13048, 13]; // a two-token transcript
const ids: PromptIds = { role: ROLE, text: TEXT, instruction: undefined };

function layout(clone: CloneLayout, streamingText: boolean, language = 'auto'): PromptLayout {
  return buildPromptLayout({
    ids,
    voice: resolveVoice(config, undefined, language),
    text: config.text,
    codec: config.codec,
    streamingText,
    honoursInstruction: false,
    clone,
  });
}
/** A position as [text id, codec term] with '-' for none, 'spk' for the speaker vector and 'ref k' for reference frame k. */
const pairs = (l: PromptLayout) =>
  l.positions.map((p) => [
    p.text ?? '-',
    p.codec === undefined
      ? '-'
      : p.codec === SPEAKER_VECTOR
        ? 'spk'
        : typeof p.codec === 'number'
          ? p.codec
          : `ref ${p.codec.referenceFrame}`,
  ]);

describe('x-vector cloning layout (docs/model.md#x-vector-mode)', () => {
  it('puts the speaker vector in the codec track right before [pad, bos], over tts_pad', () => {
    const result = layout({}, true);
    expect(pairs(result)).toEqual([
      [ROLE[0], '-'],
      [ROLE[1], '-'],
      [ROLE[2], '-'],
      [TTS_PAD, NOTHINK],
      [TTS_PAD, THINK_BOS],
      [TTS_PAD, THINK_EOS],
      [TTS_PAD, 'spk'],
      [TTS_BOS, PAD],
      [TEXT[0], BOS],
    ]);
    expect(result.trailing).toEqual([...TEXT.slice(1), TTS_EOS]);
  });

  it('keeps the language prefix and the non-streaming text block as without cloning', () => {
    const result = layout({}, false, 'english');
    expect(pairs(result).slice(3)).toEqual([
      [TTS_PAD, THINK],
      [TTS_PAD, THINK_BOS],
      [TTS_PAD, 2050],
      [TTS_PAD, THINK_EOS],
      [TTS_PAD, 'spk'],
      [TTS_BOS, PAD],
      ...TEXT.map((id) => [id, PAD]),
      [TTS_EOS, PAD],
      [TTS_PAD, BOS],
    ]);
    expect(result.trailing).toEqual([TTS_PAD]);
  });
});

describe('ICL cloning layout (official generate_icl_prompt, docs/model.md#icl-mode)', () => {
  const prefix = [
    [ROLE[0], '-'],
    [ROLE[1], '-'],
    [ROLE[2], '-'],
    [TTS_PAD, NOTHINK],
    [TTS_PAD, THINK_BOS],
    [TTS_PAD, THINK_EOS],
    [TTS_PAD, 'spk'],
    [TTS_BOS, PAD],
  ];

  it('streaming, text track longer than the codec track: Tt[:len Ct] + Ct, the rest of Tt trailing', () => {
    // Tt = ref(2) ++ text(4) ++ eos = 7 ids; Ct = bos ++ 3 frames = 4 terms.
    const result = layout({ icl: { textIds: REF, frames: 3 } }, true);
    expect(pairs(result)).toEqual([...prefix, [REF[0], BOS], [REF[1], 'ref 0'], [TEXT[0], 'ref 1'], [TEXT[1], 'ref 2']]);
    expect(result.trailing).toEqual([TEXT[2], TEXT[3], TTS_EOS]);
  });

  it('streaming, codec track as long or longer: Tt padded with tts_pad, trailing [tts_pad]', () => {
    const result = layout({ icl: { textIds: REF, frames: 8 } }, true);
    const tt = [...REF, ...TEXT, TTS_EOS];
    expect(pairs(result).slice(prefix.length)).toEqual(
      [BOS, ...Array.from({ length: 8 }, (_, k) => `ref ${k}`)].map((c, i) => [tt[i] ?? TTS_PAD, c]),
    );
    expect(result.trailing).toEqual([TTS_PAD]);
    // Equal lengths (7 = 1 + 6) is the padded case too, with no padding needed.
    const equal = layout({ icl: { textIds: REF, frames: 6 } }, true);
    expect(
      pairs(equal)
        .slice(prefix.length)
        .map(([t]) => t),
    ).toEqual(tt);
    expect(equal.trailing).toEqual([TTS_PAD]);
  });

  it('non-streaming: all of Tt over codec pad, then bos and every reference frame over tts_pad', () => {
    const result = layout({ icl: { textIds: REF, frames: 2 } }, false);
    expect(pairs(result)).toEqual([
      ...prefix,
      [REF[0], PAD],
      [REF[1], PAD],
      ...TEXT.map((id) => [id, PAD]),
      [TTS_EOS, PAD],
      [TTS_PAD, BOS],
      [TTS_PAD, 'ref 0'],
      [TTS_PAD, 'ref 1'],
    ]);
    expect(result.trailing).toEqual([TTS_PAD]);
  });

  it('has no bos position before the ICL block: the block itself starts with bos', () => {
    const codecIds = layout({ icl: { textIds: REF, frames: 2 } }, true).positions.map((p) => p.codec);
    expect(codecIds.filter((c) => c === BOS)).toHaveLength(1);
    expect(codecIds.indexOf(BOS)).toBe(prefix.length);
  });
});
