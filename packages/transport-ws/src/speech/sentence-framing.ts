import { wavHeader, type PcmFrame } from '@parley/core';
import { pcmBytes } from './pcm-bytes.js';
import type { ResponseFormat } from './fields.js';

/**
 * Turns one sentence's audio into the binary frames the speech stream sends for it.
 *
 * | format | stream_audio | binary frames of a sentence |
 * |---|---|---|
 * | pcm | true  | one s16le chunk per engine chunk, as it is made |
 * | pcm | false | one frame: the whole sentence, s16le |
 * | wav | true  | first a 44-byte WAV header with unknown length (0xFFFFFFFF sizes), then s16le chunks: the frames of a sentence concatenated are one streaming WAV |
 * | wav | false | one frame: a complete WAV file with exact sizes |
 *
 * Every sentence is its own WAV so a client can play or save each sentence alone, as with
 * vLLM-Omni, where each sentence is a separate request. `total_bytes` counts every byte sent,
 * headers included.
 */
export class SentenceFraming {
  private readonly held: Buffer[] = [];
  private heldBytes = 0;

  constructor(
    private readonly format: ResponseFormat,
    private readonly streaming: boolean,
    private readonly sampleRate: number,
    private readonly channels: number,
  ) {}

  /** Frames to send when the sentence starts. */
  start(): Uint8Array[] {
    if (this.format === 'wav' && this.streaming) return [wavHeader({ sampleRate: this.sampleRate, channels: this.channels })];
    return [];
  }

  /** Frames to send for one chunk of audio. */
  chunk(frame: PcmFrame): Uint8Array[] {
    const bytes = pcmBytes(frame);
    if (this.streaming) return [bytes];
    this.held.push(bytes);
    this.heldBytes += bytes.byteLength;
    return [];
  }

  /** Frames to send when the sentence ends. */
  end(): Uint8Array[] {
    if (this.streaming) return [];
    const pcm = Buffer.concat(this.held, this.heldBytes);
    this.held.length = 0;
    if (this.format === 'pcm') return [pcm];
    const header = wavHeader({ sampleRate: this.sampleRate, channels: this.channels, dataBytes: pcm.byteLength });
    return [Buffer.concat([header, pcm])];
  }
}
