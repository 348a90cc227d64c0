/**
 * @parley/transport-livekit: parley in LiveKit rooms. Publish speech as a microphone track —
 * fed with the AudioSource's back-pressure, cancelled at once on barge-in, with the position
 * heard mapped back onto the text (core's `Playback`) — and listen to a participant's
 * microphone as PcmFrames.
 * @packageDocumentation
 */
export * from './output/source-writer.js';
export * from './output/speech-track.js';

export * from './room/room-connection.js';
export * from './room/access-token.js';
export * from './room/connection-error.js';
export * from './room/livekit-connection.js';

export * from './listen/track-frames.js';
export * from './listen/listen-to-participant.js';

export * from './publish-speech.js';
