/**
 * The messages between a {@link ModelWorker} (main thread) and the {@link ModelHost} in its worker
 * thread. The model lives only in the worker, because onnxruntime-node runs `session.run`
 * synchronously on the calling thread; the main thread sends requests and gets outputs back in
 * transferred buffers.
 *
 * A request is a stream: its own payload, then (for a streaming request) any number of inputs,
 * then the end of its inputs. The worker answers with outputs, then `end` or `error`. Cancelling
 * has two halves: the main thread sets the request's shared cancel cell (seen by the worker before
 * its next model run, even while its event loop is busy) and posts `cancel` (which drops the
 * request's queued work). After a cancel the worker sends nothing for that request.
 */
import { ParleyError, toParleyError, type ErrorCode } from '../errors.js';

/**
 * The payload types of one model's protocol. Each model (the TTS engine, the VAD) names its own;
 * the runtime carries them without looking inside.
 */
export interface ModelProtocol {
  /** What the `load` message carries: where the model is and how to run it. */
  readonly load: unknown;
  /** What a loaded model tells the main thread (plain data). */
  readonly info: unknown;
  /** A request's own payload. */
  readonly request: unknown;
  /** One input of a streaming request. */
  readonly input: unknown;
  /** One output of a request. */
  readonly output: unknown;
  /** What the worker reports when asked for its stats. */
  readonly stats: unknown;
}

/** An error as it crosses the thread boundary: a ParleyError's code, message and retryable flag. */
export interface WireError {
  readonly code: ErrorCode;
  readonly message: string;
  readonly retryable: boolean;
}

/** Main thread → worker. Ids are the main thread's, one space for requests and stats queries. */
export type ToModelWorker<P extends ModelProtocol> =
  | { readonly type: 'load'; readonly options: P['load']; readonly runCounter: SharedArrayBuffer }
  /** `streaming`: inputs follow, then `end-input`; otherwise the request is its payload alone. */
  | {
      readonly type: 'request';
      readonly id: number;
      readonly payload: P['request'];
      readonly cancel: SharedArrayBuffer;
      readonly streaming: boolean;
    }
  | { readonly type: 'input'; readonly id: number; readonly value: P['input'] }
  | { readonly type: 'end-input'; readonly id: number }
  | { readonly type: 'cancel'; readonly id: number }
  | { readonly type: 'stats'; readonly id: number }
  | { readonly type: 'dispose' };

/** Worker → main thread. */
export type FromModelWorker<P extends ModelProtocol> =
  | { readonly type: 'loaded'; readonly info: P['info'] }
  | { readonly type: 'load-failed'; readonly error: WireError }
  | { readonly type: 'output'; readonly id: number; readonly value: P['output'] }
  | { readonly type: 'end'; readonly id: number }
  | { readonly type: 'error'; readonly id: number; readonly error: WireError }
  | { readonly type: 'stats'; readonly id: number; readonly stats: P['stats'] }
  | { readonly type: 'disposed' };

/** A thrown value as a {@link WireError}: a ParleyError keeps its code, anything else is INTERNAL. */
export function toWireError(error: unknown): WireError {
  return toParleyError(error).toJSON();
}

/** A {@link WireError} back as a ParleyError. */
export function fromWireError(error: WireError): ParleyError {
  return new ParleyError(error.code, error.message, { retryable: error.retryable });
}
