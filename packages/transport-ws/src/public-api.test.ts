import { describe, expect, it } from 'vitest';
import * as root from './index.js';

// What a user of the package can import (values; the types follow them). A name added or dropped
// is an API change to list in the README, so it shows here first.
describe('@parley/transport-ws entry point', () => {
  it('holds the server, its rooms, paths, codes and loggers; the auth and parsing insides stay in', () => {
    expect(Object.keys(root).sort()).toEqual([
      'CloseCode',
      'DEFAULT_LIMITS',
      'HTTP_PATHS',
      'Room',
      'RoomHub',
      'RoomSpeaker',
      'SpeechServer',
      'WS_PATHS',
      'closeOnSignals',
      'consoleLogger',
      'createSpeechServer',
      'neutralSynthesisOptions',
      'parseRequestTarget',
      'silentLogger',
    ]);
  });
});
