import WebSocket from 'ws';
import { expect, vi } from 'vitest';
import { concat, defer, filter, map, take, throwError, type Observable } from 'rxjs';
import {
  decodeWav,
  ParleyError,
  speakSegments,
  ToneSpeech,
  type DecodedWav,
  type PcmFrame,
  type SpeechEvent,
  type SynthesisOptions,
  type TextToSpeech,
  type ToneSpeechOptions,
} from '@parley/core';
import { mintToken } from '@parley/core/tokens';
import { createSpeechServer, type Limits, type LogFields, type Logger, type SpeechServer, type SpeechServerOptions } from '../index.js';

/** The API key pair every test server uses. */
export const CREDENTIALS = { apiKey: 'test-key', apiSecret: 'test-secret-that-is-long-enough-for-hs256' };

/** A logger that keeps what it is told. */
export class MemoryLogger implements Logger {
  readonly lines: { level: string; message: string; fields?: LogFields }[] = [];
  info(message: string, fields?: LogFields): void {
    this.lines.push({ level: 'info', message, ...(fields && { fields }) });
  }
  warn(message: string, fields?: LogFields): void {
    this.lines.push({ level: 'warn', message, ...(fields && { fields }) });
  }
  error(message: string, fields?: LogFields): void {
    this.lines.push({ level: 'error', message, ...(fields && { fields }) });
  }
}

/** A ToneSpeech fast enough for tests: 2 ms of audio per character in 10 ms chunks. */
export function fastTone(options: ToneSpeechOptions = {}): ToneSpeech {
  return new ToneSpeech({ msPerCharacter: 2, chunkMs: 10, ...options });
}

/** Options for {@link CheckedTone}. */
export interface CheckedToneOptions extends ToneSpeechOptions {
  /** A sentence matching this fails after its first chunk, with `failure`. */
  failing?: RegExp;
  /** Default DEVICE_UNAVAILABLE "GPU went away". */
  failure?: ParleyError;
}

/**
 * ToneSpeech with a real engine's checks: voices `ryan` and `vivian`, languages `auto` and
 * `english` (any case); anything else fails the stream on subscribe with INVALID_INPUT, before
 * any audio, as Qwen3-TTS does. Sentences matching `failing` fail mid-way. Every synthesis's
 * options are kept in `calls`.
 */
export class CheckedTone implements TextToSpeech<SynthesisOptions> {
  readonly sampleRate: number;
  readonly channels = 1;
  readonly voices = ['ryan', 'vivian'];
  readonly calls: SynthesisOptions[] = [];
  private readonly tone: ToneSpeech;

  constructor(private readonly options: CheckedToneOptions = {}) {
    this.tone = fastTone(options);
    this.sampleRate = this.tone.sampleRate;
  }

  synthesize(input: string | Observable<string>, options: SynthesisOptions = {}): Observable<SpeechEvent> {
    return defer(() => {
      this.calls.push(options);
      const problem = checkedToneProblem(options);
      if (problem) return throwError(() => new ParleyError('INVALID_INPUT', problem));
      return speakSegments(input, (text) => this.segment(text));
    });
  }

  close(): Promise<void> {
    return this.tone.close();
  }

  private segment(text: string): Observable<PcmFrame> {
    const frames = this.tone.synthesize(text).pipe(
      filter((event) => event.type === 'audio'),
      map((event) => event.frame),
    );
    if (!this.options.failing?.test(text)) return frames;
    const failure = this.options.failure ?? new ParleyError('DEVICE_UNAVAILABLE', 'GPU went away');
    return concat(
      frames.pipe(take(1)),
      throwError(() => failure),
    );
  }
}

function checkedToneProblem({ voice, language }: SynthesisOptions): string | undefined {
  if (voice !== undefined && !['ryan', 'vivian'].includes(voice.toLowerCase())) return `unknown voice '${voice}'; known: ryan, vivian`;
  if (language !== undefined && !['auto', 'english'].includes(language.toLowerCase()))
    return `unknown language '${language}'; known: auto, english`;
  return undefined;
}

/** A running test server and how to reach it. */
export interface TestServer {
  server: SpeechServer;
  tts: TextToSpeech;
  logger: MemoryLogger;
  url: string;
  wsUrl: string;
}

/** Options for {@link startServer}: the server's, with a default tts, auth and logger. */
export type TestServerOptions = Partial<Omit<SpeechServerOptions, 'limits'>> & { limits?: Partial<Limits> };

/** Starts a server on a free loopback port; `stopServers()` closes them all. */
export async function startServer(options: TestServerOptions = {}): Promise<TestServer> {
  const logger = new MemoryLogger();
  const tts = options.tts ?? fastTone();
  const server = createSpeechServer({ auth: CREDENTIALS, logger, ...options, tts });
  const url = await server.listen(0, '127.0.0.1');
  running.add(server);
  return { server, tts, logger, url, wsUrl: url.replace(/^http/, 'ws') };
}

const running = new Set<SpeechServer>();

/** Closes every server started by {@link startServer}. */
export async function stopServers(): Promise<void> {
  await Promise.all([...running].map((server) => server.close()));
  running.clear();
}

/** A token for the test credentials. */
export function token(options: { identity?: string; room?: string; publish?: boolean; subscribe?: boolean } = {}): Promise<string> {
  return mintToken({ identity: 'tester', ...CREDENTIALS, ...options });
}

/**
 * `vi.waitFor` options for what a loopback server sends: a 5 s bound for a loaded 2-core machine,
 * checked every 10 ms.
 */
export const SERVER_WAIT = { timeout: 5_000, interval: 10 };

/** One thing a client received. */
export type Received = { kind: 'json'; message: Record<string, unknown> & { type: string } } | { kind: 'binary'; data: Buffer };

/** A `ws` client that records everything it receives, in order. */
export class TestClient {
  readonly received: Received[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data, isBinary) => {
      const buffer = Buffer.isBuffer(data) ? data : Buffer.concat(data as Buffer[]);
      this.received.push(isBinary ? { kind: 'binary', data: buffer } : { kind: 'json', message: JSON.parse(buffer.toString()) });
    });
    this.closed = new Promise((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  }

  /** Connects to `url`, with `token` as `?access_token=` when given. */
  static async connect(url: string, token?: string, headers: Record<string, string> = {}): Promise<TestClient> {
    const full = token ? `${url}${url.includes('?') ? '&' : '?'}access_token=${token}` : url;
    const ws = new WebSocket(full, { headers });
    const client = new TestClient(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return client;
  }

  /** Sends a JSON message. */
  send(message: Record<string, unknown>): void {
    this.ws.send(JSON.stringify(message));
  }

  /** JSON messages received so far, of `type` if given. */
  messages(type?: string): (Record<string, unknown> & { type: string })[] {
    return this.received.flatMap((r) => (r.kind === 'json' && (type === undefined || r.message.type === type) ? [r.message] : []));
  }

  /** Binary frames received so far. */
  binaries(): Buffer[] {
    return this.received.flatMap((r) => (r.kind === 'binary' ? [r.data] : []));
  }

  /** Waits for the `count`-th JSON message of `type` and returns it; a timeout names what came instead. */
  async next(type: string, count = 1): Promise<Record<string, unknown> & { type: string }> {
    const received = () => `received ${JSON.stringify(this.messages().map((m) => m.type))}`;
    await vi.waitFor(() => expect(this.messages(type).length, received()).toBeGreaterThanOrEqual(count), SERVER_WAIT);
    return this.messages(type)[count - 1]!;
  }

  /** Closes the connection and waits for the close to complete. */
  async close(): Promise<void> {
    this.ws.close();
    await this.closed;
  }
}

/** The s16le samples of `bytes`. */
export function samplesOf(bytes: Buffer): Int16Array {
  const copy = new Uint8Array(bytes);
  return new Int16Array(copy.buffer, 0, copy.byteLength >> 1);
}

/** One sentence as a speech-stream client saw it. */
export interface SentenceSeen {
  start: Record<string, unknown>;
  frames: Buffer[];
  done: Record<string, unknown>;
}

/**
 * Groups what a speech client received into sentences, checking the protocol's shape on the way:
 * every binary frame sits between an `audio.start` and its `audio.done`.
 */
export function sentencesOf(received: readonly Received[]): SentenceSeen[] {
  const sentences: SentenceSeen[] = [];
  let open: { start: Record<string, unknown>; frames: Buffer[] } | undefined;
  for (const item of received) {
    if (item.kind === 'binary') {
      if (!open) throw new Error('binary frame outside a sentence');
      open.frames.push(item.data);
    } else if (item.message.type === 'audio.start') {
      if (open) throw new Error('audio.start inside a sentence');
      open = { start: item.message, frames: [] };
    } else if (item.message.type === 'audio.done') {
      if (!open || open.start.sentence_index !== item.message.sentence_index) throw new Error('audio.done without its audio.start');
      sentences.push({ ...open, done: item.message });
      open = undefined;
    }
  }
  return sentences;
}

/** Bytes of s16le audio `tts` makes for `text` (by running it), per sentence. */
export async function expectedBytes(tts: TextToSpeech, text: string): Promise<number[]> {
  const bytes: number[] = [];
  await new Promise<void>((resolve, reject) =>
    tts.synthesize(text).subscribe({
      next: (event) => {
        if (event.type === 'segment-end') bytes.push(event.samples * 2 * tts.channels);
      },
      error: reject,
      complete: resolve,
    }),
  );
  return bytes;
}

/** Positive-going zero crossings per second of `samples` at `sampleRate`: a tone's frequency. */
export function frequencyOf(samples: Int16Array, sampleRate: number): number {
  let crossings = 0;
  for (let i = 1; i < samples.length; i++) if (samples[i - 1]! < 0 && samples[i]! >= 0) crossings++;
  return (crossings * sampleRate) / samples.length;
}

/**
 * Decodes a WAV held in a Node Buffer. Copies into a plain Uint8Array first: core's decodeWav
 * takes `bytes.slice(...).buffer`, and Buffer#slice is a view (unlike Uint8Array#slice), so a
 * pooled Buffer would decode as the whole pool.
 */
export function decodeWavBuffer(bytes: Buffer): DecodedWav {
  return decodeWav(new Uint8Array(bytes));
}
