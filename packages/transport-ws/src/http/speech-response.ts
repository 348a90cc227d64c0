import type { ServerResponse } from 'node:http';
import type { Subscription } from 'rxjs';
import { ParleyError, toParleyError, wavHeader, type PcmFrame, type TextToSpeech } from '@parley/core';
import type { Logger } from '../logger.js';
import { pcmBytes } from '../speech/pcm-bytes.js';
import { synthesisOptions } from '../speech/synthesis-options.js';
import { sendError } from './errors.js';
import type { SpeechBody } from './speech-body.js';

/**
 * One `POST /v1/audio/speech` being answered: synthesizes the body's input and writes the audio.
 *
 * Streaming (the default): headers go out with the first audio, so an engine that fails at once
 * (a bad voice, say) still gets a proper 4xx/5xx JSON answer. Then the body is chunked: for
 * "wav", a WAV header with unknown length (0xFFFFFFFF sizes, see core's `wavHeader`) and then
 * s16le samples; for "pcm", bare s16le samples, `Content-Type: audio/pcm`, the rate in
 * `X-Sample-Rate` and the channel count in `X-Channels`.
 *
 * Failure after the headers: the status line already said 200 and cannot be taken back, and an
 * error written into the audio would play as noise. So the response is aborted (the socket is
 * destroyed, no terminating chunk): the client sees a truncated transfer — fetch rejects while
 * reading the body, curl reports error 18 — never a success.
 *
 * A client that goes away stops the engine at once (the synthesis is unsubscribed), and so does
 * one that lets more than `maxBufferedBytes` pile up unread (the response is aborted).
 */
export class SpeechResponse {
  /** Settles when the response is over: ended, aborted, or the client gone. */
  readonly finished: Promise<void>;
  private subscription: Subscription | undefined;
  private readonly held: Buffer[] = [];
  private settle!: () => void;

  constructor(
    private readonly res: ServerResponse,
    private readonly tts: TextToSpeech,
    private readonly body: SpeechBody,
    private readonly maxBufferedBytes: number,
    private readonly logger: Logger,
  ) {
    this.finished = new Promise((resolve) => (this.settle = resolve));
  }

  /** Starts synthesis. */
  start(): void {
    this.res.once('close', () => {
      this.subscription?.unsubscribe();
      this.settle();
    });
    this.subscription = this.tts.synthesize(this.body.input, synthesisOptions(this.body)).subscribe({
      next: (event) => event.type === 'audio' && this.onAudio(event.frame),
      error: (error: unknown) => this.fail(toParleyError(error)),
      complete: () => this.complete(),
    });
  }

  /**
   * Stops synthesis and ends the response as a failure: `error` as JSON with its status if no
   * audio went out yet, else a truncated transfer. Server shutdown (CANCELLED, 503) and an
   * expired token (UNAUTHORIZED) end a response this way.
   */
  abort(error = new ParleyError('CANCELLED', 'server shutting down')): void {
    this.subscription?.unsubscribe();
    this.fail(error);
  }

  private onAudio(frame: PcmFrame): void {
    const bytes = pcmBytes(frame);
    if (!this.body.stream) {
      this.held.push(bytes);
      return;
    }
    this.writeHead();
    this.res.write(bytes);
    if (this.res.writableLength > this.maxBufferedBytes) {
      this.logger.warn('speech response: client too slow, aborted', { queued: this.res.writableLength });
      this.subscription?.unsubscribe();
      this.res.destroy();
    }
  }

  private complete(): void {
    if (this.body.stream) {
      this.writeHead();
      this.res.end();
      return;
    }
    const pcm = Buffer.concat(this.held);
    const wav = this.body.response_format === 'wav';
    const header = wav ? wavHeader({ sampleRate: this.tts.sampleRate, channels: this.tts.channels, dataBytes: pcm.byteLength }) : undefined;
    this.writeHead(pcm.byteLength + (header?.byteLength ?? 0), false);
    if (header) this.res.write(header);
    this.res.end(pcm);
  }

  private fail(error: ParleyError): void {
    if (this.res.writableEnded || this.res.destroyed) return;
    if (!this.res.headersSent) return sendError(this.res, error);
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
    if (wav && streamWavHeader) this.res.write(wavHeader({ sampleRate: this.tts.sampleRate, channels: this.tts.channels }));
  }
}
