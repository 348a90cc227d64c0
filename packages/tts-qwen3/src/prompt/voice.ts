import { ParleyError } from '@parley/core';
import type { ModelConfig } from '../model/model-config.js';

/** The language name meaning "let the model tell" (docs/model.md#prompt-layout). */
export const AUTO_LANGUAGE = 'auto';

/** A voice and language resolved to codec ids. */
export interface ResolvedVoice {
  /** `spk_id` of the CustomVoice speaker, or undefined for none. */
  readonly speakerId: number | undefined;
  /** The `codec_language_id` to put in the prefix, or undefined for `auto` (docs/model.md#prompt-layout, step 1). */
  readonly languageId: number | undefined;
}

/**
 * Resolves `voice` and `language` (case-insensitive) against config.json.
 * - A model without speakers (Base, VoiceDesign) takes no voice.
 * - A dialect speaker (`spk_is_dialect`) speaking Chinese or `auto` gets its dialect's language
 *   id, and with `auto` therefore the 4-token `think` prefix (docs/model.md#prompt-layout, step 1).
 * @throws ParleyError INVALID_INPUT for an unknown voice or language, listing the known ones.
 */
export function resolveVoice(config: ModelConfig, voice: string | undefined, language: string | undefined): ResolvedVoice {
  const languageName = (language ?? AUTO_LANGUAGE).toLowerCase();
  if (languageName !== AUTO_LANGUAGE && config.languages[languageName] === undefined) {
    throw new ParleyError(
      'INVALID_INPUT',
      `unknown language '${language}'; known: ${[AUTO_LANGUAGE, ...Object.keys(config.languages)].join(', ')}`,
    );
  }
  const speakerId = resolveSpeaker(config, voice);
  const dialect = voice === undefined ? false : (config.speakerDialects[voice.toLowerCase()] ?? false);
  const usesDialect = dialect !== false && (languageName === AUTO_LANGUAGE || languageName === 'chinese');
  const languageId = usesDialect ? config.languages[dialect] : languageName === AUTO_LANGUAGE ? undefined : config.languages[languageName];
  return { speakerId, languageId };
}

function resolveSpeaker(config: ModelConfig, voice: string | undefined): number | undefined {
  if (voice === undefined) return undefined;
  const known = Object.keys(config.speakers);
  if (known.length === 0) {
    throw new ParleyError(
      'INVALID_INPUT',
      `this ${config.modelType} model has no built-in voices, so 'voice' must be absent (got '${voice}')`,
    );
  }
  const id = config.speakers[voice.toLowerCase()];
  if (id === undefined) throw new ParleyError('INVALID_INPUT', `unknown voice '${voice}'; known: ${known.join(', ')}`);
  return id;
}
