/**
 * Messages between {@link SileroVad} (main thread) and its worker thread, which owns the ONNX
 * session. Many streams share one worker; each has its own recurrent state there.
 *
 * Cancelling a stream has two halves, as in the TTS engine: the main thread sets the stream's
 * shared `cancel` cell (read by the worker before every ONNX run, even while its own event loop
 * is busy) and posts `close` (which frees the stream's state and drops its queued windows).
 * After a cancel the worker sends nothing for that stream.
 */
import type { ErrorCode } from '@parley/core';

/** Loads the model; answered by `loaded` or `load-failed`. Windows may be sent before the answer. */
export interface LoadMessage {
  type: 'load';
  modelPath: string;
  threads: number;
  /** Int32 [1]: incremented by the worker as each ONNX run starts. */
  runCounter: SharedArrayBuffer;
}

/** Starts a stream with a fresh model state. */
export interface OpenMessage {
  type: 'open';
  stream: number;
  /** Int32 [1]: non-zero once the main thread cancelled the stream. */
  cancel: SharedArrayBuffer;
}

/** One window of a stream: 16 kHz float samples, in a transferred buffer. */
export interface WindowMessage {
  type: 'window';
  stream: number;
  samples: Float32Array;
}

/** Ends a stream (its `cancel` cell is already set). */
export interface CloseMessage {
  type: 'close';
  stream: number;
}

/** Frees the session; answered by `disposed`. */
export interface DisposeMessage {
  type: 'dispose';
}

/** Main thread → worker. */
export type ToVadWorker = LoadMessage | OpenMessage | WindowMessage | CloseMessage | DisposeMessage;

/** An error as it crosses the thread boundary. */
export interface WireError {
  code: ErrorCode;
  message: string;
  retryable: boolean;
}

/** Worker → main thread. One `probability` per window, in the order the windows were sent. */
export type FromVadWorker =
  | { type: 'loaded' }
  | { type: 'load-failed'; error: WireError }
  | { type: 'probability'; stream: number; probability: number }
  | { type: 'error'; stream: number; error: WireError }
  | { type: 'disposed' };
