/**
 * Test participants for a real LiveKit room: record what a participant receives, and publish a
 * microphone from frames. Used by the `*.livekit.test.ts` suites of this package and the CLI.
 * @packageDocumentation
 */
export { RoomRecording, type Arrival } from './room-recording.js';
export { publishMicrophone, type RoomMicrophone } from './room-microphone.js';
