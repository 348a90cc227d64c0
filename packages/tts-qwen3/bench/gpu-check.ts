/**
 * The GPU check: random models at the real 0.6B sizes in the parley layout (fp32 and q4), made
 * in a temporary directory (two generator processes at once), then timed in process on the CPU
 * and on WebGPU side by side: time to first audio, time per frame and each graph's share, and
 * each WebGPU variant's greedy codes against the CPU's. One run, one table.
 *
 *   npm run bench:gpu-check -w @parley/tts-qwen3 -- [--small] [--frames N] [--threads N] [--out DIR]
 *
 * Each variant runs in a child process of its own, and prints its rows when it ends: a device
 * that crashes the process (a driver fault) costs that variant's rows, not the table.
 * `--small` uses the stand-in's sizes, to check the check itself where there is no GPU (WebGPU
 * on Mesa's CPU Vulkan driver: correctness only, its speed means nothing). A GPU machine with
 * no Node gets it packed by gpu-check/pack.mjs and runs it by gpu-check/run.sh.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { REAL_0_6B_SIZES, generateStandinModel } from '@parley/models';
import { loadModel, type Device } from '../src/internals.js';
import { printTable, type BenchRow } from '../../../bench/table.js';
import { agreementRows, greedyRunOf, type GreedyRun } from './greedy-agreement.js';
import { overheadRowsOf } from './overhead.js';

const TEXT = 'Hello there, this is a benchmark sentence for the engine.';
const PRECISIONS = ['fp32', 'q4'] as const;
/** A child's rows arrive on one stdout line after this marker. */
const ROWS_MARKER = 'gpu-check rows: ';

/** One timed variant: a model, a device, and on WebGPU where the KV caches live. */
interface Variant {
  readonly precision: (typeof PRECISIONS)[number];
  readonly device: Device;
  readonly kvCache: 'device' | 'host';
}

/** Per precision: the CPU (first: the others are compared with it), WebGPU, and for fp32 WebGPU with its caches in host memory. */
const VARIANTS: readonly Variant[] = PRECISIONS.flatMap((precision) => [
  { precision, device: 'cpu' as const, kvCache: 'host' as const },
  { precision, device: 'webgpu' as const, kvCache: 'device' as const },
  ...(precision === 'fp32' ? [{ precision, device: 'webgpu' as const, kvCache: 'host' as const }] : []),
]);

const { values } = parseArgs({
  options: {
    small: { type: 'boolean', default: false },
    frames: { type: 'string', default: '24' },
    threads: { type: 'string', default: String(availableParallelism()) },
    out: { type: 'string' },
    // Set by the parent for its children:
    generate: { type: 'string' },
    variant: { type: 'string' },
    root: { type: 'string' },
  },
});
const frames = Number(values.frames);
const threads = Number(values.threads);
const sizeName = values.small ? 'stand-in' : 'real 0.6B';

if (values.generate !== undefined) await generate(values.generate);
else if (values.variant !== undefined)
  console.log(ROWS_MARKER + JSON.stringify(await variantRows(JSON.parse(values.variant) as Variant, values.root!)));
else await check();

/** The parent: generates both models, runs every variant in a child, prints the table. */
async function check(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'parley-gpu-check-'));
  const rows: BenchRow[] = [];
  try {
    const started = performance.now();
    await Promise.all(PRECISIONS.map((precision) => child(['--generate', precision, '--root', root])));
    rows.push({
      case: `generate ${PRECISIONS.join(' + ')} (${sizeName} sizes, at once)`,
      n: 1,
      median: (performance.now() - started) / 1000,
      unit: 's',
    });
    for (const variant of VARIANTS) {
      const produced = await variantInChild(variant, root);
      printTable(`${label(variant)} (${sizeName})`, produced);
      rows.push(...produced);
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  printTable(`@parley/tts-qwen3 GPU check (${sizeName} sizes, random weights; ${frames} frames; CPU with ${threads} ORT threads)`, rows);
  if (values.out !== undefined) {
    mkdirSync(values.out, { recursive: true });
    writeFileSync(join(values.out, 'gpu-check.json'), `${JSON.stringify(rows, null, 2)}\n`);
  }
}

async function generate(precision: string): Promise<void> {
  await generateStandinModel(join(values.root!, precision), {
    layout: 'parley',
    precision: precision as 'fp32',
    ...(values.small ? {} : { sizes: REAL_0_6B_SIZES }),
  });
}

/** A child: times one variant; the CPU's greedy run becomes the reference file, a GPU's is compared with it. */
async function variantRows(variant: Variant, root: string): Promise<BenchRow[]> {
  const started = performance.now();
  const model = await loadModel(join(root, variant.precision), {
    threads,
    layout: 'parley',
    device: variant.device,
    kvCacheOnDevice: variant.kvCache === 'device',
  });
  const loadRow = { case: `${label(variant)}: model load`, n: 1, median: performance.now() - started, unit: 'ms' };
  const rows = [loadRow, ...(await overheadRowsOf(model, variant.device, 1, TEXT, frames))];
  const greedy = await greedyRunOf(model, TEXT, frames);
  const leftOnDevice = model.monitor.snapshot().deviceTensors;
  rows.push({ case: `${label(variant)}: GPU tensors held after 3 syntheses`, n: 1, median: leftOnDevice, unit: 'tensors' });
  await model.release();
  const referenceFile = join(root, `${variant.precision}-cpu-greedy.json`);
  if (variant.device === 'cpu') {
    writeFileSync(referenceFile, JSON.stringify({ firstLogits: Array.from(greedy.firstLogits), frames: greedy.frames }));
    return rows;
  }
  if (!existsSync(referenceFile)) return rows;
  const saved = JSON.parse(readFileSync(referenceFile, 'utf8')) as { firstLogits: number[]; frames: number[][] };
  const reference: GreedyRun = { firstLogits: Float32Array.from(saved.firstLogits), frames: saved.frames };
  return [...rows, ...agreementRows(label(variant), 'cpu', reference, greedy)];
}

/** Runs one variant in a child process; a child that fails or crashes becomes one row saying how. */
async function variantInChild(variant: Variant, root: string): Promise<BenchRow[]> {
  let stdout = '';
  const result = await child(['--variant', JSON.stringify(variant), '--root', root], (chunk) => (stdout += chunk));
  const line = stdout.split('\n').find((text) => text.startsWith(ROWS_MARKER));
  if (result === 'ok' && line !== undefined) return JSON.parse(line.slice(ROWS_MARKER.length)) as BenchRow[];
  return [{ case: `${label(variant)}: failed (${result}; its stderr is above)`, n: 0, median: 0, unit: '' }];
}

function label(variant: Variant): string {
  return `parley ${variant.precision} on ${variant.device}${variant.device === 'cpu' ? '' : `, KV cache in ${variant.kvCache === 'device' ? 'GPU' : 'host'} memory`}`;
}

/** Runs this script again with `args`; resolves 'ok' or how it ended. Its stderr passes through. */
function child(args: readonly string[], onStdout: (chunk: string) => void = (chunk) => process.stdout.write(chunk)): Promise<string> {
  const options = ['--frames', String(frames), '--threads', String(threads), ...(values.small ? ['--small'] : [])];
  return new Promise((resolve) => {
    const proc = spawn(process.execPath, [...process.execArgv, process.argv[1]!, ...args, ...options], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    proc.stdout.setEncoding('utf8').on('data', onStdout);
    proc.once('error', (error) => resolve(error.message));
    proc.once('exit', (code, signal) => resolve(code === 0 ? 'ok' : signal ? `killed by ${signal}` : `exit code ${code}`));
  });
}
