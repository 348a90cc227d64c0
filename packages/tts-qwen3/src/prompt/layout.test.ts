import { describe, expect, it } from 'vitest';
import type { ModelConfig } from '../model/model-config.js';
import { parseModelConfig } from '../model/model-config.js';
import { buildPromptLayout, type LayoutInput } from './layout.js';
import type { PromptIds } from './prompt-ids.js';
import { resolveVoice } from './voice.js';

/** The released CustomVoice ids (docs/model.md#special-ids), as config.json has them. */
const config: ModelConfig = parseModelConfig({
  tts_model_type: 'custom_voice',
  tts_model_size: '1b7',
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
    codec_language_id: { english: 2050, chinese: 2055, sichuan_dialect: 2062, beijing_dialect: 2074 },
    spk_id: { ryan: 3061, eric: 2875, dylan: 2878 },
    spk_is_dialect: { ryan: false, eric: 'sichuan_dialect', dylan: 'beijing_dialect' },
  },
});
const [PAD, BOS, NOTHINK, THINK, THINK_BOS, THINK_EOS] = [2148, 2149, 2155, 2154, 2156, 2157];
const [TTS_PAD, TTS_BOS, TTS_EOS] = [151671, 151672, 151673];
const ROLE = [151644, 77091, 198];
const ids: PromptIds = { role: ROLE, text: [9707, 11, 1879, 0], instruction: undefined };

function layout(overrides: Partial<LayoutInput> & { voice?: LayoutInput['voice'] } = {}) {
  return buildPromptLayout({
    ids,
    voice: resolveVoice(config, undefined, 'auto'),
    text: config.text,
    codec: config.codec,
    streamingText: true,
    honoursInstruction: false,
    ...overrides,
  });
}
/** A position as [text id, codec id] with '-' for no term. */
const pairs = (l: ReturnType<typeof layout>) => l.positions.map((p) => [p.text ?? '-', p.codec ?? '-']);

describe('buildPromptLayout', () => {
  it('auto language, no speaker, streaming text: the 8-position prefill of docs/model.md#prompt-layout', () => {
    const result = layout();
    expect(pairs(result)).toEqual([
      [ROLE[0], '-'],
      [ROLE[1], '-'],
      [ROLE[2], '-'],
      [TTS_PAD, NOTHINK],
      [TTS_PAD, THINK_BOS],
      [TTS_PAD, THINK_EOS],
      [TTS_BOS, PAD],
      [9707, BOS],
    ]);
    expect(result.trailing).toEqual([11, 1879, 0, TTS_EOS]);
  });

  it('a language and a CustomVoice speaker: think prefix with the language id, the speaker before [pad, bos]', () => {
    const result = layout({ voice: resolveVoice(config, 'Ryan', 'English') });
    expect(pairs(result).slice(3)).toEqual([
      [TTS_PAD, THINK],
      [TTS_PAD, THINK_BOS],
      [TTS_PAD, 2050],
      [TTS_PAD, THINK_EOS],
      [TTS_PAD, 3061],
      [TTS_BOS, PAD],
      [9707, BOS],
    ]);
  });

  it('non-streaming text: the whole text and tts_eos over codec pad, then tts_pad over bos; trailing is [tts_pad]', () => {
    const result = layout({ streamingText: false });
    expect(pairs(result).slice(7)).toEqual([
      [9707, PAD],
      [11, PAD],
      [1879, PAD],
      [0, PAD],
      [TTS_EOS, PAD],
      [TTS_PAD, BOS],
    ]);
    expect(result.trailing).toEqual([TTS_PAD]);
  });

  it('one text token in streaming mode leaves only tts_eos trailing', () => {
    expect(layout({ ids: { ...ids, text: [9707] } }).trailing).toEqual([TTS_EOS]);
  });

  it('puts the instruction block first, text only, when the model honours it', () => {
    const withInstruction = { ...ids, instruction: [151644, 872, 198, 42, 151645, 198] };
    expect(pairs(layout({ ids: withInstruction, honoursInstruction: true })).slice(0, 7)).toEqual([
      [151644, '-'],
      [872, '-'],
      [198, '-'],
      [42, '-'],
      [151645, '-'],
      [198, '-'],
      [ROLE[0], '-'],
    ]);
    expect(layout({ ids: withInstruction, honoursInstruction: false }).positions).toHaveLength(8);
  });
});

describe('resolveVoice', () => {
  it('gives a dialect speaker its dialect id for auto (4-token think prefix) and for chinese, but not for english', () => {
    expect(resolveVoice(config, 'eric', 'auto')).toEqual({ speakerId: 2875, languageId: 2062 });
    expect(resolveVoice(config, 'dylan', 'Chinese')).toEqual({ speakerId: 2878, languageId: 2074 });
    expect(resolveVoice(config, 'eric', 'english')).toEqual({ speakerId: 2875, languageId: 2050 });
    expect(
      pairs(layout({ voice: resolveVoice(config, 'eric', 'auto') }))
        .slice(3, 7)
        .map(([, codec]) => codec),
    ).toEqual([THINK, THINK_BOS, 2062, THINK_EOS]);
  });

  it('rejects an unknown voice, listing the known ones', () => {
    expect(() => resolveVoice(config, 'bob', 'auto')).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT', message: "unknown voice 'bob'; known: ryan, eric, dylan" }),
    );
  });

  it('rejects an unknown language, listing the known ones', () => {
    expect(() => resolveVoice(config, undefined, 'klingon')).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT', message: expect.stringContaining('known: auto, english, chinese') }),
    );
  });

  it('refuses any voice on a model without speakers (Base)', () => {
    const base: ModelConfig = { ...config, modelType: 'base', speakers: {}, speakerDialects: {} };
    expect(resolveVoice(base, undefined, 'english')).toEqual({ speakerId: undefined, languageId: 2050 });
    expect(() => resolveVoice(base, 'ryan', 'english')).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT', message: expect.stringContaining('must be absent') }),
    );
  });
});
