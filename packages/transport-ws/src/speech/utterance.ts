import { ReplaySubject, type Subscription } from 'rxjs';
import type { SpeechEvent, SynthesisOptions, TextToSpeech } from '@parley/core';

/** What an {@link Utterance} reports while it is spoken. */
export interface UtteranceObserver {
  next(event: SpeechEvent): void;
  error(error: unknown): void;
}

/**
 * The text between two `input.done`s of a speech session, and its synthesis.
 *
 * Text goes into a ReplaySubject handed to `tts.synthesize()`: text that arrives while an
 * earlier utterance is still being spoken waits in it, and is replayed when this one's turn
 * comes, so utterances are spoken in order without a second queue. The text held is bounded by
 * the session's `maxTextChars`.
 */
export class Utterance {
  /** Characters received. */
  chars = 0;
  /** Whether `input.done` closed it. */
  inputDone = false;
  /** Sentences started (`audio.start` sent): its `total_sentences` if it fails. */
  sentences = 0;
  /**
   * The engine failed it: the client has its error, the rest of its text is dropped, and its
   * `input.done` is answered `session.done` (as vLLM-Omni does after a failed sentence).
   */
  failed = false;
  private readonly text$ = new ReplaySubject<string>();
  private subscription: Subscription | undefined;
  private started = false;

  constructor(
    /** Counts utterances across the connection: the `utterance_index` of its messages. */
    readonly index: number,
  ) {}

  /** Appends text; a failed utterance drops it. */
  addText(text: string): void {
    if (this.failed) return;
    this.chars += text.length;
    this.text$.next(text);
  }

  /** Closes the input: the engine speaks what is left and then reports `done`. */
  endInput(): void {
    this.inputDone = true;
    this.text$.complete();
  }

  /** Starts speaking (once): events go to `observer` until done, failed or stopped. */
  start(tts: TextToSpeech, options: SynthesisOptions, observer: UtteranceObserver): void {
    if (this.started) return;
    this.started = true;
    try {
      this.subscription = tts.synthesize(this.text$, options).subscribe(observer);
    } catch (error) {
      observer.error(error); // an engine that throws instead of erroring its stream
    }
  }

  /** Stops the engine (unsubscribes); nothing more is reported. */
  stop(): void {
    this.started = true; // a stopped utterance never starts
    this.subscription?.unsubscribe();
  }
}
