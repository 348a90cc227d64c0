import { PcmFrame, type TextToSpeech } from '@parley/core';
import { Subject, type Subscription } from 'rxjs';
import type { WebSocket } from 'ws';
import { OutputPlayer } from '../agent/audio-out.js';
import { VoiceAgent, type VoiceAgentOptions } from '../agent/voice-agent.js';
import type { SileroVad } from '../listen/silero/silero-vad.js';
import type { LanguageModel } from '../llm/language-model.js';
import type { SpeechToText } from '../stt/speech-to-text.js';
import { parseClientMessage, type ClientMessage, type ServerMessage } from './protocol.js';
import { ReportedSink } from './reported-sink.js';

/** What every session shares: the services, the VAD worker, and what to log. */
export interface SessionParts {
  stt: SpeechToText;
  llm: LanguageModel;
  tts: TextToSpeech;
  /** One line for people about the engine. */
  ttsDescription: string;
  voices: string[];
  detector: SileroVad;
  log: (line: string) => void;
  /** Agent tuning (barge-in threshold, VAD). */
  agent?: Partial<Pick<VoiceAgentOptions, 'minInterruptionMs' | 'vad' | 'endOfTurnDelayMs'>>;
}

/**
 * One browser on the agent page: its microphone in, a {@link VoiceAgent} of its own, agent audio
 * and events out. The output is a {@link ReportedSink} that forwards each frame to the socket,
 * turns `clear()` into a `{type:"clear"}` message, and takes the page's `played` reports as what
 * was heard (a clock estimate while the page reports nothing).
 */
export class AgentSession {
  readonly #agent: VoiceAgent;
  readonly #sink: ReportedSink;
  #mic: Subject<PcmFrame> | undefined;
  #micRate = 0;
  #running: Subscription | undefined;

  constructor(
    private readonly socket: WebSocket,
    private readonly parts: SessionParts,
  ) {
    const rate = parts.tts.sampleRate;
    this.#sink = new ReportedSink(rate, (frame) => this.#sendAudio(frame), () => this.#send({ type: 'clear' }));
    const { stt, llm, tts, detector } = parts;
    this.#agent = new VoiceAgent({ stt, llm, tts, detector, out: new OutputPlayer(this.#sink), voice: parts.voices[0], ...parts.agent });
    socket.on('message', (data, isBinary) => (isBinary ? this.#audio(data as Buffer) : this.#control(String(data))));
    socket.on('close', () => this.#stop());
    this.#send({ type: 'hello', stt: stt.describe(), llm: llm.describe(), tts: `TTS: ${parts.ttsDescription}`, voices: parts.voices, voice: this.#agent.voice, sampleRate: rate });
  }

  #control(text: string): void {
    const message = parseClientMessage(text);
    if (!message) return this.#send({ type: 'problem', message: `not understood: ${text.slice(0, 100)}` });
    this.#handle(message);
  }

  #handle(message: ClientMessage): void {
    switch (message.type) {
      case 'start':
        return this.#start(message.sampleRate);
      case 'stop':
        return this.#stop();
      case 'interrupt':
        return this.#agent.interrupt();
      case 'played':
        return this.#sink.report(message.samples, message.buffered);
      case 'voice':
        this.#agent.voice = message.voice;
        return;
    }
  }

  #start(sampleRate: number): void {
    this.#stop();
    this.#micRate = sampleRate;
    this.#mic = new Subject<PcmFrame>();
    this.#running = this.#agent.run(this.#mic).subscribe({
      next: (event) => {
        this.#send(event);
        if (event.type !== 'agent-partial') this.parts.log(`agent: ${JSON.stringify(event.type === 'agent' ? { ...event, heard: undefined } : event)}`);
      },
      error: (error: unknown) => this.#send({ type: 'problem', message: `the agent stopped: ${String(error)}` }),
    });
    this.#send({ type: 'listening', listening: true });
  }

  #stop(): void {
    if (!this.#running) return;
    this.#agent.interrupt();
    this.#running.unsubscribe();
    this.#running = undefined;
    this.#mic = undefined;
    this.#send({ type: 'listening', listening: false });
  }

  /** Microphone audio: 16-bit LE mono at the rate `start` named (the VAD resamples it to 16 kHz). */
  #audio(data: Buffer): void {
    if (!this.#mic || data.byteLength < 2) return;
    const samples = new Int16Array(data.byteLength >> 1);
    for (let i = 0; i < samples.length; i++) samples[i] = data.readInt16LE(i * 2);
    this.#mic.next(new PcmFrame(samples, this.#micRate));
  }

  #sendAudio(frame: PcmFrame): void {
    if (this.socket.readyState !== this.socket.OPEN) return;
    this.socket.send(Buffer.from(frame.data.buffer, frame.data.byteOffset, frame.data.byteLength));
  }

  #send(message: ServerMessage): void {
    if (this.socket.readyState === this.socket.OPEN) this.socket.send(JSON.stringify(message));
  }
}
