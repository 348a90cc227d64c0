/** Calls and time spent in one graph. */
export interface GraphRunStats {
  runs: number;
  ms: number;
}

/** Counts of ONNX runs per graph, and their total. */
export interface RunStats {
  /** Every run started, all graphs together. */
  totalRuns: number;
  byGraph: Record<string, GraphRunStats>;
  /** GPU tensors that runs returned and nothing has freed yet: 0 whenever no synthesis runs. */
  deviceTensors: number;
}

/**
 * Counts and times every ONNX run. Tests use the count to prove that a cancelled synthesis
 * starts no further run; the bench uses the times for its breakdown.
 *
 * `sharedCounter`, when given, is incremented atomically as each run *starts*, so another
 * thread can read it at any moment, even while this thread is inside a synchronous run.
 */
export class RunMonitor {
  private readonly byGraph: Record<string, GraphRunStats> = {};
  private totalRuns = 0;
  private totalMs = 0;
  private deviceTensors = 0;

  constructor(private readonly sharedCounter?: Int32Array) {}

  /** Records that a run of `graph` is starting. */
  started(graph: string): void {
    this.totalRuns++;
    if (this.sharedCounter) Atomics.add(this.sharedCounter, 0, 1);
    (this.byGraph[graph] ??= { runs: 0, ms: 0 }).runs++;
  }

  /**
   * Takes back a {@link started} run that was refused because its request was cancelled. Counting
   * first and checking the cancel flag second (both sequentially consistent) makes the shared
   * count exact for a canceller: a run that goes ahead was counted before the flag was set.
   */
  refused(graph: string): void {
    this.totalRuns--;
    if (this.sharedCounter) Atomics.sub(this.sharedCounter, 0, 1);
    const stats = this.byGraph[graph];
    if (stats) stats.runs--;
  }

  /** Records the duration of a finished run of `graph`. */
  finished(graph: string, ms: number): void {
    this.totalMs += ms;
    (this.byGraph[graph] ??= { runs: 0, ms: 0 }).ms += ms;
  }

  /** Records `count` tensors that a run left in GPU buffers; their holder frees each with {@link deviceTensorFreed}. */
  deviceTensorsMade(count: number): void {
    this.deviceTensors += count;
  }

  /** Records that one GPU tensor was freed. */
  deviceTensorFreed(): void {
    this.deviceTensors--;
  }

  /** Time spent inside runs so far, all graphs, in ms; allocation-free, for per-frame timing. */
  runMs(): number {
    return this.totalMs;
  }

  /** A copy of the counts so far. */
  snapshot(): RunStats {
    const byGraph: Record<string, GraphRunStats> = {};
    for (const [graph, stats] of Object.entries(this.byGraph)) byGraph[graph] = { ...stats };
    return { totalRuns: this.totalRuns, byGraph, deviceTensors: this.deviceTensors };
  }
}

/** The sum of several monitors' counts (one per worker of a pool). */
export function mergeRunStats(all: readonly RunStats[]): RunStats {
  const merged: RunStats = { totalRuns: 0, byGraph: {}, deviceTensors: 0 };
  for (const stats of all) {
    merged.totalRuns += stats.totalRuns;
    merged.deviceTensors += stats.deviceTensors;
    for (const [graph, { runs, ms }] of Object.entries(stats.byGraph)) {
      const into = (merged.byGraph[graph] ??= { runs: 0, ms: 0 });
      into.runs += runs;
      into.ms += ms;
    }
  }
  return merged;
}
