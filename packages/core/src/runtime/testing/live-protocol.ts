// The protocol of live-model.ts, shared with its test.
export interface LiveProtocol {
  load: { released: SharedArrayBuffer };
  info: string;
  /** `id` names the request in the `opened` stat. */
  request: { id: string };
  /** Each input is answered with 10× it while the request runs. */
  input: number;
  output: number;
  /** The requests whose open returned, in order. */
  stats: { finished: string[] };
}
