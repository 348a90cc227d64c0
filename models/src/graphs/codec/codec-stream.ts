import type { GraphBuilder } from '../../onnx/graph-builder.js';

/**
 * What the decoder carries from one chunk of frames to the next. The same layer code builds
 * the whole-sequence graph and the streaming one; only this differs:
 * - {@link history}: a causal conv's last inputs, prepended to the chunk (zeros at the start);
 * - {@link tail}: a transposed conv's outputs that run past the chunk, added to the next chunk;
 * - {@link pastKeys}: the transformer's keys and values of the last window − 1 positions;
 * - {@link position}: the first frame's position (RoPE, the sliding window).
 * The whole-sequence graph is the streaming graph run once from an empty state, so a streamed
 * decode is exact by construction, not by a long enough left context.
 */
export interface CodecStream {
  /** `x` `[1, C, T]` with `length` earlier columns prepended: the state's, or zeros. */
  history(name: string, x: string, channels: number, length: number): string;
  /** `[1, C, T]` overlap from the previous chunk, added to the first `length` columns of `y`; the new tail is `y`'s columns past `kept` minus `bias`. */
  tail(name: string, y: string, kept: string, channels: number, length: number, bias: string): string;
  /** The keys or values `[heads, T, hd]` of earlier positions prepended to `current`; the last `keep` of the result become the state. */
  pastKeys(name: string, current: string, heads: number, headDim: number, keep: number): string;
  /** The position (int64 `[1]`) of the chunk's first frame. */
  readonly position: string;
}

/** The streaming decoder's state, as graph inputs (`state.*`) and outputs (`next.*`). */
export class StreamingState implements CodecStream {
  readonly position: string;
  /** Every state tensor, by name, with its shape (a symbolic `L` for the transformer's). */
  readonly tensors: Array<{ name: string; dims: (number | string)[] }> = [];

  constructor(private readonly g: GraphBuilder) {
    this.position = g.input('state.position', 'int64', [1]);
  }

  history(name: string, x: string, channels: number, length: number): string {
    const g = this.g;
    const past = this.declare(name, [1, channels, length]);
    const joined = g.op('Concat', [past, x], { axis: 2 }, `${name}.joined`);
    this.emit(name, g.op('Slice', [joined, g.constI64([-length]), g.constI64([2 ** 62]), g.constI64([2])]), [1, channels, length]);
    return joined;
  }

  tail(name: string, y: string, kept: string, channels: number, length: number, bias: string): string {
    const g = this.g;
    const past = this.declare(name, [1, channels, length]);
    const padded = g.op('Pad', [
      past,
      g.op('Concat', [g.constI64([0, 0, 0, 0, 0]), g.op('Sub', [g.op('Shape', [y], { start: 2, end: 3 }), g.constI64([length])])], {
        axis: 0,
      }),
    ]);
    const sum = g.op('Add', [y, padded], {}, `${name}.overlapped`);
    const rest = g.op('Slice', [sum, kept, g.constI64([2 ** 62]), g.constI64([2])]);
    this.emit(name, g.op('Sub', [rest, bias]), [1, channels, length]);
    return g.op('Slice', [sum, g.constI64([0]), kept, g.constI64([2])], {}, `${name}.kept`);
  }

  pastKeys(name: string, current: string, heads: number, headDim: number, keep: number): string {
    const g = this.g;
    const past = this.declare(name, [heads, 'L', headDim]);
    const joined = g.op('Concat', [past, current], { axis: 1 }, `${name}.joined`);
    this.emit(name, g.op('Slice', [joined, g.constI64([-keep]), g.constI64([2 ** 62]), g.constI64([1])]), [heads, 'L', headDim]);
    return joined;
  }

  /** Declares the next position (`position` + frames) as an output. */
  advance(frames: string): void {
    this.g.output(this.g.op('Add', [this.position, frames]), 'next.position', 'int64', [1]);
  }

  private declare(name: string, dims: (number | string)[]): string {
    this.tensors.push({ name, dims });
    return this.g.input(`state.${name}`, 'float32', dims);
  }

  private emit(name: string, value: string, dims: (number | string)[]): void {
    this.g.output(value, `next.${name}`, 'float32', dims);
  }
}

/** The whole-sequence decoder's "state": zeros before the first frame, and nothing kept after the last. */
export class WholeSequence implements CodecStream {
  readonly position: string;

  constructor(private readonly g: GraphBuilder) {
    this.position = g.constI64([0]);
  }

  history(name: string, x: string, channels: number, length: number): string {
    return this.g.op('Pad', [x, this.g.constI64([0, 0, length, 0, 0, 0])], {}, `${name}.zeros`);
  }

  tail(name: string, y: string, kept: string): string {
    return this.g.op('Slice', [y, this.g.constI64([0]), kept, this.g.constI64([2])], {}, `${name}.kept`);
  }

  pastKeys(_name: string, current: string): string {
    return current;
  }
}
