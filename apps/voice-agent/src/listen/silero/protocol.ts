/**
 * What {@link SileroVad} (main thread) and its worker thread exchange, as the payloads of core's
 * model protocol (`ModelWorker` / `serveModel`, which carry the streams, cancel cells, errors
 * and dispose). Many streams share one worker; each has its own recurrent state there.
 */

/** How the worker loads the model. */
export interface VadLoad {
  readonly modelPath: string;
  readonly threads: number;
}

/**
 * The VAD's protocol: a request is one stream, with no payload of its own; its inputs are
 * windows of 16 kHz float samples (transferred), each answered by one speech probability, in
 * the order the windows were sent.
 */
export interface VadProtocol {
  readonly load: VadLoad;
  readonly info: void;
  readonly request: void;
  readonly input: Float32Array;
  readonly output: number;
  readonly stats: void;
}
