import * as ort from 'onnxruntime-node';
import type { CancelSignal } from '../model/cancellation.js';
import type { OnnxGraph, Outputs } from '../model/onnx-graph.js';
import { outputFloats } from '../model/tensors.js';
import { codesTensor, type CodecShape } from './codec-decoder.js';

/** How many frames each run of the streaming decoder takes: the first chunk, then every later one. */
export interface StreamChunks {
  readonly initialChunkFrames: number;
  readonly chunkFrames: number;
}

/**
 * Decodes frames as they arrive with the parley layout's streaming decoder graph
 * (`parley_codec_decode_streaming`): each run takes the next chunk of frames and the state the
 * last run left (every causal conv's input history, every transposed conv's overlap, the
 * transformer's keys and values over its sliding window, the position), so every frame is
 * decoded once and the chunks are exactly the whole-sequence decode. The same interface as
 * `StreamingDecoder`, which decodes windows with left context where no streaming graph exists.
 *
 * `history` (ICL cloning's reference frames) is decoded first and its audio dropped: the
 * official decode-then-cut of `history ++ generated`.
 */
export class StatefulDecoder {
  private readonly pending: Int32Array[] = [];
  private state: Record<string, ort.Tensor>;
  private primed: Promise<void> | undefined;
  private emitted = 0;

  constructor(
    private readonly graph: OnnxGraph,
    private readonly shape: CodecShape,
    private readonly chunks: StreamChunks,
    private readonly history: readonly Int32Array[] = [],
  ) {
    this.state = initialState(graph.session);
  }

  /** Adds the next generated frame. */
  push(frame: Int32Array): void {
    this.pending.push(frame);
  }

  /** Generated frames decoded into emitted audio so far. */
  get framesEmitted(): number {
    return this.emitted;
  }

  /** The samples of the next due chunk, or undefined when none is due (`final` flushes a short one). */
  async next(final: boolean, signal?: CancelSignal): Promise<Float32Array | undefined> {
    await (this.primed ??= this.prime(signal));
    const size = this.emitted === 0 ? this.chunks.initialChunkFrames : this.chunks.chunkFrames;
    if (this.pending.length === 0 || (this.pending.length < size && !final)) return undefined;
    const frames = this.pending.splice(0, Math.min(size, this.pending.length));
    const audio = await this.run(frames, signal);
    this.emitted += frames.length;
    return audio;
  }

  /** Runs the reference frames through the decoder for its state, in runs of the later chunk size. */
  private async prime(signal: CancelSignal | undefined): Promise<void> {
    for (let at = 0; at < this.history.length; at += this.chunks.chunkFrames)
      await this.run(this.history.slice(at, at + this.chunks.chunkFrames), signal);
  }

  private async run(frames: readonly Int32Array[], signal: CancelSignal | undefined): Promise<Float32Array> {
    const outputs = await this.graph.run({ ...this.state, audio_codes: codesTensor(frames, this.shape) }, signal);
    this.state = nextState(outputs);
    return outputFloats(outputs, 'audio_values');
  }
}

/** The state before the first frame: zeros, with no earlier transformer positions (a symbolic axis is 0). */
function initialState(session: ort.InferenceSession): Record<string, ort.Tensor> {
  const state: Record<string, ort.Tensor> = {};
  for (const input of session.inputMetadata) {
    if (!input.isTensor || !input.name.startsWith('state.')) continue;
    const dims = input.shape.map((d) => (typeof d === 'number' && d > 0 ? d : 0));
    const size = dims.reduce((a, b) => a * b, 1);
    state[input.name] =
      input.type === 'int64'
        ? new ort.Tensor('int64', new BigInt64Array(size), dims)
        : new ort.Tensor('float32', new Float32Array(size), dims);
  }
  return state;
}

/** A run's `next.*` outputs as the next run's `state.*` feeds. */
function nextState(outputs: Outputs): Record<string, ort.Tensor> {
  const state: Record<string, ort.Tensor> = {};
  for (const [name, tensor] of Object.entries(outputs)) if (name.startsWith('next.')) state[`state.${name.slice('next.'.length)}`] = tensor;
  return state;
}
