/**
 * Test audio and a real-time microphone, for suites outside this app that drive a voice agent
 * with spoken words (the CLI's LiveKit room test).
 * @packageDocumentation
 */
export { speak, silence, SPEECH_RATE_HZ } from '../listen/testing/speech-fixture.js';
export { LiveMic } from '../agent/testing/live-mic.js';
