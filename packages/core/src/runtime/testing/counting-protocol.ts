// The protocol of counting-model.ts, shared with its test.
export interface CountingProtocol {
  /** `fail`: the load fails with MODEL_NOT_FOUND naming it; `released` (Int32 [1]) is set by release. */
  load: { fail?: string; loadMs: number; released: SharedArrayBuffer };
  info: string;
  /** `count` runs of `runMs` each, one output each (0, 1, …); then, when `streaming`, one output per input (2×). */
  request: { count: number; runMs: number; failAt?: number; crash?: boolean; streaming?: boolean };
  input: number;
  output: number;
  /** Requests opened and outputs made so far. */
  stats: { opened: number; outputs: number };
}
