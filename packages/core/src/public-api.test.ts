import { describe, expect, it } from 'vitest';
import * as http from './http.js';
import * as root from './index.js';
import * as runtime from './runtime.js';

// What a user of the package can import (values; the types follow them). A name added or dropped
// is an API change to list in the README, so it shows here first.
describe('@parley/core entry points', () => {
  it('the root holds frames, text, speech, playback, errors and retry', () => {
    expect(Object.keys(root).sort()).toEqual([
      'ClockedOutput',
      'DEFAULT_MAX_CHARS',
      'MIN_MAX_CHARS',
      'ParleyError',
      'PcmFrame',
      'Playback',
      'SpeechTimeline',
      'StreamingResampler',
      'SynthesisGate',
      'ToneSpeech',
      'WAV_HEADER_BYTES',
      'assertFormat',
      'concatSamples',
      'decodeWav',
      'encodeWav',
      'errorCodeForHttpStatus',
      'errorForHttpStatus',
      'float32ToInt16',
      'frames',
      'heardWords',
      'httpStatusOf',
      'int16ToFloat32',
      'isParleyError',
      'isRetryableByDefault',
      'isTight',
      'joinSegments',
      'pcmFrameFromWav',
      'resample',
      'retry',
      'sentences',
      'speakSegmentStreams',
      'speakSegments',
      'splitSentences',
      'toParleyError',
      'wavFromFrames',
      'wavHeader',
      'withSpeechMetrics',
      'withStartupLead',
      'wrapSpeech',
    ]);
  });

  it('/runtime holds the model-in-a-worker runtime, /http the HTTP client helpers', () => {
    expect(Object.keys(runtime).sort()).toEqual([
      'CancelCell',
      'InputFeed',
      'MODEL_DISPOSE_TIMEOUT_MS',
      'ModelHost',
      'ModelWorker',
      'fromWireError',
      'serveModel',
      'siblingEntry',
      'spawnModuleWorker',
      'toWireError',
    ]);
    expect(Object.keys(http).sort()).toEqual(['Deadline', 'errorFromFailure', 'errorFromResponse']);
  });
});
