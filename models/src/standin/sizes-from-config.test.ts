import { describe, expect, it } from 'vitest';
import { standinConfigJson } from './config-json.js';
import { sizesFromConfigJson } from './sizes-from-config.js';
import { DEFAULT_STANDIN_SIZES, REAL_0_6B_SIZES } from './sizes.js';

/** A deep copy of `json` with `edit` applied to its talker_config. */
function withTalkerConfig(json: Record<string, unknown>, edit: (talker: Record<string, unknown>) => void): Record<string, unknown> {
  const copy = structuredClone(json);
  edit(copy.talker_config as Record<string, unknown>);
  return copy;
}

describe('sizesFromConfigJson', () => {
  it('reads back the sizes standinConfigJson wrote, for the default stand-in and the real 0.6B', () => {
    const standin = { codec: DEFAULT_STANDIN_SIZES.codec };
    expect(sizesFromConfigJson(standinConfigJson(DEFAULT_STANDIN_SIZES), standin)).toEqual(DEFAULT_STANDIN_SIZES);
    expect(sizesFromConfigJson(standinConfigJson(REAL_0_6B_SIZES, 'base'))).toEqual(REAL_0_6B_SIZES);
  });

  it('names a missing or non-integer key', () => {
    const json = standinConfigJson(DEFAULT_STANDIN_SIZES);
    expect(() => sizesFromConfigJson(withTalkerConfig(json, (t) => delete t.head_dim))).toThrow(
      'config.json has no talker_config.head_dim',
    );
    const cp = withTalkerConfig(json, (t) => ((t.code_predictor_config as Record<string, unknown>).num_hidden_layers = 2.5));
    expect(() => sizesFromConfigJson(cp)).toThrow(
      'config.json talker_config.code_predictor_config.num_hidden_layers must be a positive integer, got 2.5',
    );
    expect(() => sizesFromConfigJson({})).toThrow('config.json has no talker_config.hidden_size');
  });

  it('refuses vocabulary sizes the graphs are not built for, and sizes that cannot make a model', () => {
    const json = standinConfigJson(DEFAULT_STANDIN_SIZES);
    expect(() => sizesFromConfigJson(withTalkerConfig(json, (t) => (t.vocab_size = 4096)))).toThrow(
      "config.json talker_config.vocab_size is 4096; parley's graphs are built for 3072",
    );
    expect(() => sizesFromConfigJson(withTalkerConfig(json, (t) => (t.num_key_value_heads = 3)))).toThrow(
      'heads must be a multiple of kvHeads',
    );
  });

  it('fills in the official speaker encoder defaults for what a released config leaves out, and refuses what the graph cannot take', () => {
    const released = { ...standinConfigJson(REAL_0_6B_SIZES, 'base'), speaker_encoder_config: { enc_dim: 1024, sample_rate: 24_000 } };
    expect(sizesFromConfigJson(released).speakerEncoder).toEqual(REAL_0_6B_SIZES.speakerEncoder);
    const { speaker_encoder_config: standin, ...rest } = standinConfigJson(DEFAULT_STANDIN_SIZES, 'base');
    const withEncoder = (edit: Record<string, unknown>) => ({ ...rest, speaker_encoder_config: { ...(standin as object), ...edit } });
    expect(() => sizesFromConfigJson(withEncoder({ mel_dim: 80 }))).toThrow(
      "speaker_encoder_config.mel_dim is 80; parley's speaker encoder takes 128",
    );
    expect(() => sizesFromConfigJson(withEncoder({ enc_channels: [16, 16, 16, 16, 32] }))).toThrow(
      "speaker_encoder_config: speaker encoder sizes: the last channels must be the sum of the SE-Res2Net blocks' (16, 16, 16, 16, 32)",
    );
    expect(() => sizesFromConfigJson(withEncoder({ enc_res2net_scale: 3 }))).toThrow('res2netScale 3 must divide channels 16');
    expect(() => sizesFromConfigJson({ ...rest, speaker_encoder_config: [] })).toThrow(
      'config.json speaker_encoder_config must be an object',
    );
  });
});
