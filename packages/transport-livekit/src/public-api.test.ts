import { describe, expect, it } from 'vitest';
import * as root from './index.js';

// What a user of the package can import (values; the types follow them). A name added or dropped
// is an API change to list in the README, so it shows here first.
describe('@parley/transport-livekit entry point', () => {
  it('holds publishing, listening and the room connection; token and error mapping stay in', () => {
    expect(Object.keys(root).sort()).toEqual([
      'LiveKitConnection',
      'SourceWriter',
      'SpeechPublisher',
      'SpeechTrack',
      'listenToParticipant',
      'publishSpeech',
      'trackFrames',
    ]);
  });
});
