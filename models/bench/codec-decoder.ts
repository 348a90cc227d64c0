/**
 * `node --conditions=@parley/source --import tsx bench/codec-decoder.ts [--threads 2] [--runs 5]`
 *
 * The real 12 Hz decoder's cost on this machine, at the released widths (REAL_CODEC_DECODER_SIZES,
 * random weights, fp32), per frame of audio (80 ms), for the ways an engine can decode a stream:
 * - the whole-sequence graph on each chunk with 50 frames of left context (the community
 *   contract's only way to stream: every context frame is decoded again; 4- and 25-frame chunks,
 *   the old chunk plan);
 * - the exact streaming graph, chunk by chunk with its state (1, 2, 4 and 25 frames a run).
 * Medians over `--runs` runs after a warm-up.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as ort from 'onnxruntime-node';
import { buildCodecDecoder } from '../src/graphs/codec/codec-decoder.js';
import { REAL_CODEC_DECODER_SIZES } from '../src/graphs/codec/codec-sizes.js';
import type { StreamingState } from '../src/graphs/codec/codec-stream.js';
import { writeModel } from '../src/onnx/model-writer.js';
import { RandomWeights } from '../src/weights/random-weights.js';
import { median, printTable, type BenchRow } from '../../bench/table.js';

const { values } = parseArgs({ options: { threads: { type: 'string', default: '2' }, runs: { type: 'string', default: '5' } } });
const threads = Number(values.threads);
const runs = Number(values.runs);
const sizes = REAL_CODEC_DECODER_SIZES;
const CONTEXT = 50;

const codes = (n: number, seed: number) =>
  new ort.Tensor(
    'int64',
    BigInt64Array.from({ length: n * 16 }, (_, i) => BigInt((i * 7919 + seed * 131) % 2048)),
    [1, n, 16],
  );

/** Median ms of `fn` over `runs` runs after one warm-up. */
async function time(fn: () => Promise<unknown>): Promise<number> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  return median(times);
}

function emptyState(state: StreamingState, position: number): Record<string, ort.Tensor> {
  const feeds: Record<string, ort.Tensor> = { 'state.position': new ort.Tensor('int64', BigInt64Array.from([BigInt(position)]), [1]) };
  for (const { name, dims } of state.tensors) {
    // A transformer state as a long stream has it: a full window of earlier positions.
    const shape = dims.map((d) => (typeof d === 'number' ? d : sizes.slidingWindow - 1));
    feeds[`state.${name}`] = new ort.Tensor('float32', new Float32Array(shape.reduce((a, b) => a * b, 1)), shape);
  }
  return feeds;
}

const root = mkdtempSync(join(tmpdir(), 'parley-codec-bench-'));
try {
  const weights = new RandomWeights(1);
  const options = { intraOpNumThreads: threads, logSeverityLevel: 3 } as const;
  const rows: BenchRow[] = [];
  const built = performance.now();
  writeModel(join(root, 'whole.onnx'), buildCodecDecoder('whole', weights, sizes, 'whole').graph);
  const streaming = buildCodecDecoder('streaming', weights, sizes, 'streaming');
  writeModel(join(root, 'streaming.onnx'), streaming.graph);
  rows.push({ case: 'build and write both graphs', n: 1, median: (performance.now() - built) / 1000, unit: 's' });
  const whole = await ort.InferenceSession.create(join(root, 'whole.onnx'), options);
  for (const chunk of [4, 25]) {
    const ms = await time(() => whole.run({ audio_codes: codes(CONTEXT + chunk, chunk) }));
    rows.push({ case: `whole graph, ${chunk} new frames + ${CONTEXT} of context`, n: runs, median: ms / chunk, unit: 'ms per frame' });
  }
  const ms = await time(() => whole.run({ audio_codes: codes(25, 1) }));
  rows.push({ case: 'whole graph, 25 frames, no context', n: runs, median: ms / 25, unit: 'ms per frame' });
  const session = await ort.InferenceSession.create(join(root, 'streaming.onnx'), options);
  for (const chunk of [1, 2, 4, 25]) {
    const feeds = emptyState(streaming.state!, 500);
    const ms = await time(() => session.run({ ...feeds, audio_codes: codes(chunk, chunk) }));
    rows.push({
      case: `streaming graph, ${chunk} frame${chunk > 1 ? 's' : ''} a run (state carried)`,
      n: runs,
      median: ms / chunk,
      unit: 'ms per frame',
    });
  }
  printTable(`12 Hz decoder at the released widths (random weights, fp32, ${threads} ORT threads); a frame is 80 ms of audio`, rows);
} finally {
  rmSync(root, { recursive: true, force: true });
}
