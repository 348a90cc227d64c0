import { Playback, type AudioOutput, type SpeechEvent } from '@parley/core';
import type { Observable } from 'rxjs';

/**
 * Agent audio out: what the voice loop speaks into. `play` starts one utterance (the loop plays
 * one at a time); `clear` drops whatever is queued. A browser over a WebSocket, a LiveKit track,
 * or a test's clocked output sit behind it.
 */
export interface AgentAudioOut {
  /** Plays `speech$` (subscribing to it now) and tracks which text was heard. */
  play(speech$: Observable<SpeechEvent>): Playback;
  /** Drops all queued audio at once. */
  clear(): void;
}

/** An {@link AgentAudioOut} over any core `AudioOutput`: each utterance is a core `Playback`. */
export class OutputPlayer implements AgentAudioOut {
  constructor(readonly output: AudioOutput) {}

  /** Plays `speech$` into the output; see `Playback`. */
  play(speech$: Observable<SpeechEvent>): Playback {
    return new Playback(this.output, speech$);
  }

  /** Drops what the output holds. */
  clear(): void {
    this.output.clear();
  }
}
