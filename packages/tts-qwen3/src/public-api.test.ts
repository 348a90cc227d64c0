import { describe, expect, it } from 'vitest';
import * as internals from './internals.js';
import * as root from './index.js';
import * as livekit from './livekit/index.js';

// What a user of the package can import: the root stays small on purpose, and a name added to it
// (or dropped) is an API change to list in the README, so it shows here first.
describe('@parley/tts-qwen3 entry points', () => {
  it('the root holds the engine, its options and what it reports', () => {
    expect(Object.keys(root).sort()).toEqual([
      'DEFAULT_LEAD_TOKENS',
      'DEFAULT_MAX_FRAMES',
      'DEFAULT_MAX_QUEUED_SEGMENTS',
      'DEVICES',
      'Qwen3Speech',
      'VOICE_CLONE_MODES',
      'maxFramesFor',
      'parseDevice',
      'speechRequestOptions',
    ]);
  });

  it('/livekit holds the plugin', () => {
    expect(Object.keys(livekit).sort()).toEqual(['ChunkedStream', 'DEFAULT_FRAME_MS', 'SynthesizeStream', 'TTS']);
  });

  it('/internals holds the parts and everything the root has', () => {
    expect(internals).toMatchObject(root);
    expect(Object.keys(internals)).toEqual(
      expect.arrayContaining(['loadModel', 'loadTokenizer', 'generateFrames', 'StreamingDecoder', 'CodeSampler']),
    );
  });
});
