import type { ServerResponse } from 'node:http';
import type { Subscription } from 'rxjs';
import { ParleyError, toParleyError, wavHeader, type PcmFrame, type SynthesisOptions, type TextToSpeech } from '@parley/core';
import type { Limits } from '../limits.js';
import type { Logger } from '../logger.js';
import { pcmBytes } from '../speech/pcm-bytes.js';
import { sendError } from './errors.js';
import type { SpeechBody } from './speech-body.js';
import { WriteDeadline } from './write-deadline.js';

/** The bounds a {@link SpeechResponse} keeps; a subset of {@link Limits}. */
export type ResponseLimits = Pick<Limits, 'sessionMaxBufferedBytes' | 'maxHeldResponseBytes' | 'responseTimeoutMs' | 'writeTimeoutMs'>;

/**
 * One `POST /v1/audio/speech` being answered: synthesizes the body's input and writes the audio.
 *
 * Streaming (the default): headers go out with the first audio, so an engine that fails at once
 * (a bad voice, say) still gets a proper 4xx/5xx JSON answer. Then the body is chunked: for
 * "wav", a WAV header with unknown length (0xFFFFFFFF sizes, see core's `wavHeader`) and then
 * s16le samples; for "pcm", bare s16le samples, `Content-Type: audio/pcm`, the rate in
 * `X-Sample-Rate` and the channel count in `X-Channels`. With `stream: false` the audio is held
 * and sent whole, with a Content-Length.
 *
 * Failure after the headers: the status line already said 200 and cannot be taken back, and an
 * error written into the audio would play as noise. So the response is aborted (the socket is
 * destroyed, no terminating chunk): the client sees a truncated transfer — fetch rejects while
 * reading the body, curl reports error 18 — never a success.
 *
 * Bounded whatever the client does: a client that goes away stops the engine at once (the
 * synthesis is unsubscribed); so does one that lets `sessionMaxBufferedBytes` pile up unread,
 * or takes no byte for `writeTimeoutMs` while some wait (the response is aborted); a held
 * response is refused (413) past `maxHeldResponseBytes`; and no response lasts longer than
 * `responseTimeoutMs`.
 */
export class SpeechResponse {
  /** Settles when the response is over: ended, aborted, or the client gone. */
  readonly finished: Promise<void>;
  private subscription: Subscription | undefined;
  private readonly held: Buffer[] = [];
  private heldBytes = 0;
  private readonly writes: WriteDeadline;
  private settle!: () => void;

  constructor(
    private readonly res: ServerResponse,
    private readonly tts: TextToSpeech,
    private readonly body: SpeechBody,
    private readonly options: SynthesisOptions,
    private readonly limits: ResponseLimits,
    private readonly logger: Logger,
  ) {
    this.finished = new Promise((resolve) => (this.settle = resolve));
    this.writes = new WriteDeadline(res, limits.writeTimeoutMs, () => this.drop('client took no bytes', { ms: limits.writeTimeoutMs }));
  }

  /** Starts synthesis, and the clock on the whole response. */
  start(): void {
    const deadline = setTimeout(
      () => this.abort(new ParleyError('CANCELLED', `the response took longer than ${this.limits.responseTimeoutMs} ms`)),
      this.limits.responseTimeoutMs,
    );
    this.res.once('close', () => {
      clearTimeout(deadline);
      this.subscription?.unsubscribe();
      this.settle();
    });
    this.subscription = this.tts.synthesize(this.body.input, this.options).subscribe({
      next: (event) => event.type === 'audio' && this.onAudio(event.frame),
      error: (error: unknown) => this.fail(toParleyError(error)),
      complete: () => this.complete(),
    });
  }

  /**
   * Stops synthesis and ends the response as a failure: `error` as JSON with its status if no
   * audio went out yet, else a truncated transfer. Server shutdown (CANCELLED, 503), an expired
   * token (UNAUTHORIZED) and the response deadline end a response this way.
   */
  abort(error = new ParleyError('CANCELLED', 'server shutting down')): void {
    this.subscription?.unsubscribe();
    this.fail(error);
  }

  private onAudio(frame: PcmFrame): void {
    const bytes = pcmBytes(frame);
    if (!this.body.stream) return this.hold(bytes);
    this.writeHead();
    this.writes.write(bytes);
    if (this.res.writableLength > this.limits.sessionMaxBufferedBytes) this.drop('client too slow', { queued: this.res.writableLength });
  }

  private hold(bytes: Buffer): void {
    this.heldBytes += bytes.byteLength;
    this.held.push(bytes);
    if (this.heldBytes <= this.limits.maxHeldResponseBytes) return;
    this.held.length = 0;
    const error = new ParleyError(
      'INVALID_INPUT',
      `the speech is longer than ${this.limits.maxHeldResponseBytes} bytes, too long to answer whole: ask with "stream": true`,
    );
    this.subscription?.unsubscribe();
    this.fail(error, 413);
  }

  private complete(): void {
    if (this.body.stream) {
      this.writeHead();
      return this.writes.end();
    }
    const pcm = Buffer.concat(this.held, this.heldBytes);
    this.held.length = 0;
    const wav = this.body.response_format === 'wav';
    const header = wav ? wavHeader({ sampleRate: this.tts.sampleRate, channels: this.tts.channels, dataBytes: pcm.byteLength }) : undefined;
    this.writeHead(pcm.byteLength + (header?.byteLength ?? 0), false);
    if (header) this.writes.write(header);
    this.writes.end(pcm);
  }

  /** Aborts the response for a client that does not keep up, and stops the engine. */
  private drop(reason: string, fields: Record<string, number>): void {
    this.logger.warn(`speech response: ${reason}, aborted`, fields);
    this.subscription?.unsubscribe();
    this.res.destroy();
  }

  private fail(error: ParleyError, status?: number): void {
    if (this.res.writableEnded || this.res.destroyed) return;
    if (!this.res.headersSent) return sendError(this.res, error, status);
    this.logger.warn('speech response: failed after headers, aborting', { code: error.code, message: error.message });
    this.res.destroy();
  }

  private writeHead(contentLength?: number, streamWavHeader = true): void {
    if (this.res.headersSent) return;
    const wav = this.body.response_format === 'wav';
    const headers: Record<string, string | number> = {
      'Content-Type': wav ? 'audio/wav' : 'audio/pcm',
      'X-Sample-Rate': this.tts.sampleRate,
      'X-Channels': this.tts.channels,
      'Cache-Control': 'no-store',
    };
    if (contentLength !== undefined) headers['Content-Length'] = contentLength;
    this.res.writeHead(200, headers);
    if (wav && streamWavHeader) this.writes.write(wavHeader({ sampleRate: this.tts.sampleRate, channels: this.tts.channels }));
  }
}
