import type { PcmFrame, TextToSpeech } from '@parley/core';
import { publishSpeech, type RoomConnection, type SpeechPublisher } from '@parley/transport-livekit';
import { defer, Observable, repeat, Subject, switchMap, take, type Subscription } from 'rxjs';
import type { AgentEvent } from '../agent/agent-events.js';
import { VoiceAgent, type VoiceAgentOptions } from '../agent/voice-agent.js';
import type { SileroVad } from '../listen/silero/silero-vad.js';
import type { LanguageModel } from '../llm/language-model.js';
import type { SpeechToText } from '../stt/speech-to-text.js';
import { eventLine } from './event-lines.js';
import { SpeechTrackOut } from './speech-track-out.js';

/** The VAD and STT take 16 kHz; asking rtc-node's AudioStream for it saves a resample. */
const MIC_RATE_HZ = 16_000;

/** What a {@link RoomAgent} is made of. */
export interface RoomAgentParts {
  stt: SpeechToText;
  llm: LanguageModel;
  tts: TextToSpeech;
  /** A shared VAD worker; without it each conversation starts its own. */
  detector?: SileroVad;
  /** The TTS voice. */
  voice?: string;
  /** Where transcripts, metrics and comings and goings are written. */
  log: (line: string) => void;
  /** Agent tuning (barge-in threshold, VAD). */
  agent?: Partial<Pick<VoiceAgentOptions, 'minInterruptionMs' | 'vad' | 'endOfTurnDelayMs'>>;
  /** The published track's name. Default `parley-agent`. */
  trackName?: string;
}

/**
 * The voice agent in a LiveKit room — what `AgentSession` is to a browser: it publishes the
 * agent's speech track, waits for a participant to talk to (`participants()`, subscribed anew
 * each time), runs a {@link VoiceAgent} of its own on that participant's microphone, and speaks
 * through a {@link SpeechTrackOut}. When the participant's audio ends (they left, or unpublished
 * their microphone) the conversation ends and it waits for the next one.
 *
 * @example
 * ```ts
 * const connection = await LiveKitConnection.connect({ url, identity: 'parley-agent', room: 'lobby' });
 * const agent = await RoomAgent.start(connection, () => firstMicrophone(connection.room), { stt, llm, tts, log: console.log });
 * process.once('SIGTERM', () => void agent.close());
 * ```
 */
export class RoomAgent {
  readonly #running: Subscription;
  #closing: Promise<void> | undefined;

  private constructor(
    private readonly connection: RoomConnection,
    /** The agent's published speech track. */
    readonly publisher: SpeechPublisher,
    participants: () => Observable<string>,
    private readonly parts: RoomAgentParts,
  ) {
    this.#running = defer(participants)
      .pipe(
        take(1),
        switchMap((identity) => this.#converse(identity)),
        repeat(),
      )
      .subscribe({
        next: (event) => this.#log(event),
        error: (error: unknown) => parts.log(`the agent stopped: ${String(error)}`),
      });
  }

  /**
   * Publishes the speech track on `connection` and starts waiting for a participant.
   * @throws ParleyError when the room refuses the track (the connection is left open: the
   *   caller owns it until {@link close}).
   */
  static async start(connection: RoomConnection, participants: () => Observable<string>, parts: RoomAgentParts): Promise<RoomAgent> {
    const publisher = await publishSpeech({ connection, sampleRate: parts.tts.sampleRate, trackName: parts.trackName ?? 'parley-agent' });
    return new RoomAgent(connection, publisher, participants, parts);
  }

  /** Stops the conversation, unpublishes the track and leaves the room. Idempotent. */
  close(): Promise<void> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  async #close(): Promise<void> {
    this.#running.unsubscribe();
    try {
      await this.publisher.close();
    } finally {
      await this.connection.disconnect();
    }
  }

  /** One conversation with `identity`: completes when their microphone audio ends. */
  #converse(identity: string): Observable<AgentEvent> {
    return new Observable<AgentEvent>((subscriber) => {
      this.parts.log(`listening to ${identity}`);
      const { stt, llm, tts, detector, voice } = this.parts;
      const agent = new VoiceAgent({
        stt,
        llm,
        tts,
        out: new SpeechTrackOut(this.publisher.speaker),
        ...(detector ? { detector } : {}),
        ...(voice ? { voice } : {}),
        ...this.parts.agent,
      });
      // The agent's run never completes by itself (it also listens for interrupt()), so the end of
      // the participant's audio is watched here, through a Subject in between.
      const mic = new Subject<PcmFrame>();
      const running = agent.run(mic).subscribe(subscriber);
      const audio = this.connection.remoteAudio(identity, { sampleRate: MIC_RATE_HZ }).subscribe({
        next: (frame) => mic.next(frame),
        error: (error: unknown) => subscriber.error(error),
        complete: () => {
          this.parts.log(`${identity} stopped sending audio`);
          subscriber.complete();
        },
      });
      return () => {
        // As AgentSession does: interrupt first, so what was heard is stored and the track cleared.
        agent.interrupt();
        running.unsubscribe();
        audio.unsubscribe();
      };
    });
  }

  #log(event: AgentEvent): void {
    const line = eventLine(event);
    if (line !== undefined) this.parts.log(line);
  }
}
