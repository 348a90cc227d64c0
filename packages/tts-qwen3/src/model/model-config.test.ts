import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { standinDir } from '../testing/standin.js';
import { parseModelConfig } from './model-config.js';

const standinConfig = async () => JSON.parse(readFileSync(join(await standinDir(), 'config.json'), 'utf8')) as Record<string, any>;

describe('parseModelConfig', () => {
  it('reads speakers, dialects and languages with lower-cased names', async () => {
    const json = await standinConfig();
    json.talker_config.spk_id = { Ryan: 3061, Eric: 2875 };
    json.talker_config.spk_is_dialect = { Ryan: false, Eric: 'Sichuan_Dialect' };
    const config = parseModelConfig(json);
    expect(config.speakers).toEqual({ ryan: 3061, eric: 2875 });
    expect(config.speakerDialects).toEqual({ ryan: false, eric: 'sichuan_dialect' });
    expect(config.modelType).toBe('custom_voice');
    expect(config.modelSize).toBe('0b6');
  });

  it('takes a Base config without spk_id as having no speakers', async () => {
    const json = await standinConfig();
    json.tts_model_type = 'base';
    delete json.talker_config.spk_id;
    delete json.talker_config.spk_is_dialect;
    expect(parseModelConfig(json)).toMatchObject({ modelType: 'base', speakers: {}, speakerDialects: {} });
  });

  it('names a missing or malformed id', async () => {
    const json = await standinConfig();
    json.talker_config.codec_eos_token_id = 'x';
    expect(() => parseModelConfig(json)).toThrow(/config\.json: talker_config\.codec_eos_token_id must be a non-negative integer id/);
  });

  it('rejects a dialect that codec_language_id lacks', async () => {
    const json = await standinConfig();
    json.talker_config.spk_is_dialect.eric = 'klingon_dialect';
    expect(() => parseModelConfig(json)).toThrow(/klingon_dialect/);
  });
});
