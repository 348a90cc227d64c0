/**
 * @parley/transport-livekit: parley in LiveKit rooms. Publish speech as a microphone track —
 * fed with the AudioSource's back-pressure, cancelled at once on barge-in, with the position
 * heard mapped back onto the text (core's `Playback`) — and listen to a participant's
 * microphone as PcmFrames.
 * @packageDocumentation
 */
export { SourceWriter } from './output/source-writer.js';
export { SpeechTrack, type SpeechTrackOptions } from './output/speech-track.js';

export type { ListenOptions, PublishedTrack, RoomConnection } from './room/room-connection.js';
export type { RoomCredentials } from './room/access-token.js';
export { LiveKitConnection, type ConnectOptions } from './room/livekit-connection.js';

export { trackFrames } from './listen/track-frames.js';
export { listenToParticipant, type ParticipantRoom } from './listen/listen-to-participant.js';

export { publishSpeech, SpeechPublisher, type PublishSpeechOptions } from './publish-speech.js';
