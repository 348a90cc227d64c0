import { join } from 'node:path';
import { ParleyError, isParleyError } from '@parley/core';
import {
  ProgressBar,
  defaultModelDir,
  fetchModel,
  formatSize,
  inspectModel,
  loadModelManifest,
  readLock,
  type FetchedModel,
  type ModelStatus,
} from '@parley/models';
import { CONVERT_USAGE, convertCommand } from './models-convert.js';
import { UsageError, parseCommandLine } from './usage-error.js';

const USAGE = `usage: parley models fetch NAME [--dir DIR] [--endpoint URL] [--verify] [--manifest FILE]
       parley models list [--dir DIR] [--verify] [--manifest FILE]
       parley models convert CHECKPOINT_DIR OUT_DIR [--codec DIR] [--precision fp32]

fetch  downloads the model NAME from Hugging Face with a progress bar: an interrupted fetch
       resumes where it stopped, every file is checked (size, and sha256 where known) before
       it takes its name, and parley-model.json records what arrived
list   the models the manifest knows, and which are here and complete

  --dir DIR        fetch: the model's directory (default $PARLEY_MODELS_DIR/NAME, else
                   models/cache/NAME); list: a model directory or a folder of them
  --endpoint URL   the hub (default $PARLEY_HF_ENDPOINT, $HF_ENDPOINT, https://huggingface.co)
  --verify         re-hash files already here against their recorded sha256 (minutes for
                   GBs); fetch downloads the corrupt ones again
  --manifest FILE  another manifest (default: manifest.json of @parley/models)

${CONVERT_USAGE}

Gated or private repos need HF_TOKEN. Ctrl-C stops a fetch; run it again to resume.
Use a fetched model with: parley serve --model DIR`;

/** Options shared by both subcommands, for `util.parseArgs`. */
const OPTIONS = {
  dir: { type: 'string' },
  manifest: { type: 'string' },
  verify: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Gap between two Ctrl-C presses that means "stop now" rather than one press seen twice. */
const FORCE_QUIT_AFTER_MS = 1000;

/**
 * `parley models fetch|list|convert`: downloads a real model named in the manifest, lists them,
 * or converts an official checkpoint into the parley layout.
 */
export async function models(argv: string[]): Promise<void> {
  const [subcommand, ...rest] = argv;
  if (subcommand === 'fetch') return fetchCommand(rest);
  if (subcommand === 'list') return listCommand(rest);
  if (subcommand === 'convert') return convertCommand(rest, USAGE);
  if (subcommand === '--help' || subcommand === '-h') return console.log(USAGE);
  throw new UsageError(`${subcommand ? `unknown models command "${subcommand}"` : 'name a models command'}\n\n${USAGE}`);
}

async function fetchCommand(argv: string[]): Promise<void> {
  const { values, positionals } = parseCommandLine(
    { args: argv, allowPositionals: true, options: { ...OPTIONS, endpoint: { type: 'string' } } },
    USAGE,
  );
  if (values.help) return console.log(USAGE);
  const manifest = loadModelManifest(values.manifest);
  const [name, ...extra] = positionals;
  if (name === undefined || extra.length > 0) {
    throw new UsageError(`give one model name: ${Object.keys(manifest.models).join(', ')}\n\n${USAGE}`);
  }
  const bar = new ProgressBar();
  const stop = cancelOnCtrlC();
  let model: FetchedModel;
  try {
    model = await fetchModel(name, {
      manifest,
      verify: values.verify,
      onProgress: bar.update,
      signal: stop.signal,
      ...(values.dir === undefined ? {} : { dir: values.dir }),
      ...(values.endpoint === undefined ? {} : { endpoint: values.endpoint }),
    });
  } catch (error) {
    throw withNetworkHint(error);
  } finally {
    bar.finish();
    stop.dispose();
  }
  console.log(fetchedLine(model));
  console.log(`use it with: parley serve --model ${model.dir}`);
}

/** A NETWORK failure with what to try: the hub is unreachable from here, or another one is. */
function withNetworkHint(error: unknown): unknown {
  if (!isParleyError(error) || error.code !== 'NETWORK') return error;
  const hint =
    'is this machine offline, or behind a proxy? Pass --endpoint URL or set PARLEY_HF_ENDPOINT to a hub (or mirror) it can reach; run the fetch again to resume';
  return new ParleyError('NETWORK', `${error.message}\n  ${hint}`, { cause: error });
}

/**
 * The first Ctrl-C aborts the fetch cleanly (the `.part` stays, to resume from). A terminal sends
 * SIGINT to the whole process group and bin/parley.js forwards its own, so one press can arrive
 * twice: only a second press a moment later exits at once.
 */
function cancelOnCtrlC(): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  let firstAt: number | undefined;
  const onSigint = (): void => {
    if (firstAt !== undefined && performance.now() - firstAt > FORCE_QUIT_AFTER_MS) process.exit(130);
    firstAt ??= performance.now();
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  return { signal: controller.signal, dispose: () => process.off('SIGINT', onSigint) };
}

function fetchedLine(model: FetchedModel): string {
  const bytes = model.files.reduce((sum, file) => sum + file.size, 0);
  const downloaded = model.files.filter((file) => file.downloaded).length;
  const kept = model.files.length - downloaded;
  return `${model.name}: ${model.files.length} files, ${formatSize(bytes)} in ${model.dir} (${downloaded} downloaded, ${kept} already here)`;
}

async function listCommand(argv: string[]): Promise<void> {
  const { values, positionals } = parseCommandLine({ args: argv, options: OPTIONS }, USAGE);
  if (values.help) return console.log(USAGE);
  if (positionals.length > 0) throw new UsageError(`list takes no names\n\n${USAGE}`);
  const manifest = loadModelManifest(values.manifest);
  for (const [name, entry] of Object.entries(manifest.models)) {
    const status = await inspectModel(name, entry, dirOf(name, values.dir), { hash: values.verify });
    console.log(statusLines(status).join('\n'));
  }
}

/** `--dir` is the model's own directory when its lock names the model, else a folder of models. */
function dirOf(name: string, dir: string | undefined): string {
  if (dir === undefined) return defaultModelDir(name);
  return readLock(dir)?.model === name ? dir : join(dir, name);
}

function statusLines(status: ModelStatus): string[] {
  const { entry } = status;
  const files = entry.files.length;
  const known = files - status.unknownSizes;
  const size =
    status.unknownSizes > 0
      ? `${formatSize(status.knownBytes)} in ${known}, ${status.unknownSizes} of unknown size`
      : formatSize(status.knownBytes);
  return [
    `${status.name}  ${stateWords(status)}`,
    `  ${entry.description ?? ''}`.trimEnd(),
    `  ${entry.repo}@${entry.revision}: ${files} files, ${size}`,
    `  ${status.dir}`,
  ].filter((line) => line.trim() !== '');
}

function stateWords(status: ModelStatus): string {
  const named = (state: string) => status.files.filter((local) => local.state === state).map((local) => local.file.target);
  if (status.complete) return 'complete';
  if (named('corrupt').length) return `CORRUPT: ${named('corrupt').join(', ')} (fetch --verify downloads them again)`;
  if (named('wrong-size').length) return `wrong size: ${named('wrong-size').join(', ')} (fetch downloads them again)`;
  if (status.presentBytes === 0) return 'not downloaded';
  const present = status.files.filter((local) => local.state === 'complete' || local.state === 'unverified').length;
  if (present === status.files.length) return 'present, sizes unverified (fetch records them)';
  return `incomplete: ${present}/${status.files.length} files, ${formatSize(status.presentBytes)} of ${formatSize(status.knownBytes)} (fetch resumes)`;
}
