import { ToneSpeech, type TextToSpeech } from '@parley/core';
import { UsageError } from './usage-error.js';

/** A loaded engine and a line that tells the user which one it is. */
export interface LoadedEngine {
  tts: TextToSpeech;
  description: string;
}

/** The engines the CLI can run. */
export const ENGINES = ['tone'] as const;

/**
 * Loads the engine named on the command line. Today only `tone` (a model-free tone per
 * sentence) exists; the Qwen3-TTS engine joins here when @parley/tts-qwen3 lands.
 */
export async function loadEngine(name: string): Promise<LoadedEngine> {
  if (name === 'tone') {
    return { tts: new ToneSpeech({ realTimeFactor: 0.1 }), description: 'tone (no model: one beep per sentence)' };
  }
  throw new UsageError(`unknown engine "${name}"; choose one of: ${ENGINES.join(', ')}`);
}
