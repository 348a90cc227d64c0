import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateStandinCheckpoint } from './checkpoint.js';
import type { StandinModelType } from './options.js';
import type { StandinSizes } from './sizes.js';
import { writeTokenizerFiles } from './tokenizer-files.js';

/**
 * The small random checkpoints, in the official format, that the reference oracle runs the
 * official `qwen-tts` package on (reference/ at the repository root) and the engine's parity
 * tests convert and run: the same seeded weights on both sides.
 * - `cv-0b6`: CustomVoice shaped like 0.6B, whose code predictor is as wide as the talker;
 * - `cv-1b7`: CustomVoice shaped like 1.7B (a narrower code predictor, so the
 *   `small_to_mtp_projection` between them; `tts_model_size` 1b7, the one that takes instructions);
 * - `base-0b6`: Base, for voice cloning (with the speaker encoder's weights);
 * - `base-1b7`: Base shaped like 1.7B, whose talker (40 wide) is wider than the default stand-in's
 *   (32), so a speaker encoder copied from a stand-in instead of built from the checkpoint would
 *   give vectors of the wrong width, as the 0.6B community encoder does for a real 1.7B.
 */
export const REFERENCE_CHECKPOINTS = {
  'cv-0b6': { modelType: 'custom_voice', modelSize: '0b6', sizes: { cpHidden: 32 } },
  'cv-1b7': { modelType: 'custom_voice', modelSize: '1b7', sizes: {} },
  'base-0b6': { modelType: 'base', modelSize: '0b6', sizes: { cpHidden: 32 } },
  'base-1b7': { modelType: 'base', modelSize: '1b7', sizes: { hidden: 40 } },
} as const satisfies Record<string, { modelType: StandinModelType; modelSize: '0b6' | '1b7'; sizes: Partial<StandinSizes> }>;

/** One of {@link REFERENCE_CHECKPOINTS}. */
export type ReferenceCheckpointName = keyof typeof REFERENCE_CHECKPOINTS;

/** The seed of every reference checkpoint's weights. */
export const REFERENCE_SEED = 2026;

/**
 * Writes reference checkpoint `name` into `dir`: config.json (with its `tts_model_size`),
 * model.safetensors (F32, the talker side), the text tokenizer's files and `speech_tokenizer/`
 * (the decoder's weights). The official loader also wants `generation_config.json`, which the
 * oracle adds itself.
 */
export async function writeReferenceCheckpoint(name: ReferenceCheckpointName, dir: string): Promise<void> {
  const { modelType, modelSize, sizes } = REFERENCE_CHECKPOINTS[name];
  await generateStandinCheckpoint(dir, { seed: REFERENCE_SEED, modelType, sizes });
  const configPath = join(dir, 'config.json');
  const config = JSON.parse(readFileSync(configPath, 'utf8')) as Record<string, unknown>;
  writeFileSync(configPath, `${JSON.stringify({ ...config, tts_model_size: modelSize }, null, 2)}\n`);
  writeTokenizerFiles(dir);
}
