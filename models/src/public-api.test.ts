import { describe, expect, it } from 'vitest';
import * as root from './index.js';

// What a user of the package can import (values; the types follow them). A name added or dropped
// is an API change to list in the README, so it shows here first.
describe('@parley/models entry point', () => {
  it('holds the stand-in, the reference checkpoints, the converter, the download and the model facts; the builders stay in', () => {
    expect(Object.keys(root).sort()).toEqual([
      'CODEBOOK_SIZE',
      'CODEC_IDS',
      'CODEC_LANGUAGE_IDS',
      'CODEC_VOCAB_SIZE',
      'CONVERT_PRECISIONS',
      'CUSTOM_VOICE_SPEAKER_DIALECTS',
      'CUSTOM_VOICE_SPEAKER_IDS',
      'DEFAULT_MANIFEST_PATH',
      'DEFAULT_STANDIN_SEED',
      'DEFAULT_STANDIN_SIZES',
      'MEL_BINS',
      'NUM_CODE_GROUPS',
      'ProgressBar',
      'REAL_0_6B_SIZES',
      'REFERENCE_CHECKPOINTS',
      'REFERENCE_SEED',
      'TEXT_IDS',
      'TEXT_VOCAB_SIZE',
      'convertCheckpoint',
      'defaultCacheRoot',
      'defaultModelDir',
      'defaultModelsRoot',
      'ensureStandinModel',
      'fetchModel',
      'formatSize',
      'generateStandinCheckpoint',
      'generateStandinModel',
      'inspectModel',
      'loadModelManifest',
      'readLock',
      'writeReferenceCheckpoint',
    ]);
  });
});
