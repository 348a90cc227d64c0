import type { Playback, SpeechEvent } from '@parley/core';
import type { SpeechTrack } from '@parley/transport-livekit';
import type { Observable } from 'rxjs';
import type { AgentAudioOut } from '../agent/audio-out.js';

/**
 * The agent's audio out in a LiveKit room: an {@link AgentAudioOut} over transport-livekit's
 * {@link SpeechTrack} (a published `SpeechPublisher.speaker`). Its core `Playback`'s `cancel()`
 * clears the AudioSource's queue and says what was heard, and `played()` is the position where
 * audio leaves the source (pushed − queued), mapped onto the text — so an interrupted answer is
 * cut at what the room was sent, not at what the TTS made.
 *
 * @example
 * ```ts
 * const publisher = await publishSpeech({ connection, sampleRate: tts.sampleRate });
 * const agent = new VoiceAgent({ stt, llm, tts, out: new SpeechTrackOut(publisher.speaker) });
 * ```
 */
export class SpeechTrackOut implements AgentAudioOut {
  constructor(readonly speaker: SpeechTrack) {}

  /** Speaks `speech$` into the track, after cancelling anything still playing there. */
  play(speech$: Observable<SpeechEvent>): Playback {
    // SpeechTrack speaks one utterance at a time and throws otherwise; the agent cancels a reply
    // before starting the next, but a playback still draining its last 200 ms must not fail the turn.
    this.speaker.current?.cancel();
    return this.speaker.speak(speech$);
  }

  /** Drops queued audio: cancels the current playback (which clears the source's queue). */
  clear(): void {
    this.speaker.current?.cancel();
  }
}
