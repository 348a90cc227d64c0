/**
 * A cancel flag in shared memory, one per request. The main thread sets it; the worker reads it
 * before every model run. A worker inside a synchronous model run handles no message until it
 * returns to its event loop, but it sees this flag at its very next check.
 *
 * `aborted` makes a cell a cancel signal as the generation loops take it (like an `AbortSignal`).
 */
export class CancelCell {
  private readonly cell: Int32Array;

  /** A new cell, or the worker's view of the cell the main thread made (`buffer`). */
  constructor(buffer: SharedArrayBuffer = new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT)) {
    this.cell = new Int32Array(buffer);
  }

  /** The shared memory, to post to the worker. */
  get buffer(): SharedArrayBuffer {
    return this.cell.buffer as SharedArrayBuffer;
  }

  /** Whether the request was cancelled, as the other thread sees it now. */
  get aborted(): boolean {
    return Atomics.load(this.cell, 0) !== 0;
  }

  /** Cancels; idempotent. */
  cancel(): void {
    Atomics.store(this.cell, 0, 1);
  }
}
