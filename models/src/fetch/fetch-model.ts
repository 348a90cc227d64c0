import { mkdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ensureDiskSpace, statfsFreeBytes, type FreeBytes } from './disk-space.js';
import { downloadFile, type FileProgress } from './download-file.js';
import { authHeaders, fileUrl, resolveEndpoint } from './endpoint.js';
import { ByteTally, type FetchProgress } from './fetch-progress.js';
import { asCancelled } from './http-errors.js';
import { sha256OfFile } from './hash-file.js';
import { inspectModel, knownSha256, type LocalFile } from './local-state.js';
import { recordLockedFile, type LockHeader } from './lock-file.js';
import { findModel, loadModelManifest, type ModelManifest } from './manifest.js';
import { defaultModelDir } from './model-dir.js';
import type { RetryOptions } from '@parley/core';
import { tellOnce, type Notify } from '../cache/cache-root.js';

/** Options of {@link fetchModel}. */
export interface FetchModelOptions {
  /** Where the model goes (default `<name>` in `$PARLEY_MODELS_DIR`, else in parley's per-user cache: `$PARLEY_CACHE`, else e.g. `~/.cache/parley`). */
  readonly dir?: string;
  /** Default: this package's `manifest.json`. */
  readonly manifest?: ModelManifest;
  /** Hub base URL (default: `$PARLEY_HF_ENDPOINT`, `$HF_ENDPOINT`, https://huggingface.co). */
  readonly endpoint?: string;
  /** Bearer token for gated or private repos (default `$HF_TOKEN`). */
  readonly token?: string;
  /** Re-hash files already present against the manifest's or the lock's sha256; re-fetch the corrupt. */
  readonly verify?: boolean;
  /** Cancels with CANCELLED, leaving a resumable `.part`. */
  readonly signal?: AbortSignal;
  readonly stallTimeoutMs?: number;
  readonly retry?: RetryOptions;
  readonly onProgress?: (event: FetchProgress) => void;
  /**
   * Told once per process where a model without `dir` goes (default: stderr), when there is no
   * `onProgress` to hear it from the `plan` event.
   */
  readonly onNotice?: Notify;
  /** How free space is measured; `false` skips the check. */
  readonly freeBytes?: FreeBytes | false;
}

/** One file of a fetched model. */
export interface FetchedFile {
  readonly target: string;
  readonly size: number;
  readonly sha256: string;
  /** False when it was already present and complete. */
  readonly downloaded: boolean;
}

/** The result of {@link fetchModel}. */
export interface FetchedModel {
  readonly name: string;
  readonly dir: string;
  readonly files: readonly FetchedFile[];
  /** Bytes that came over the network in this run. */
  readonly receivedBytes: number;
}

/** Where a file is in the model's list, for progress. */
interface Place {
  readonly index: number;
  readonly count: number;
}

interface Context {
  readonly dir: string;
  readonly header: LockHeader;
  readonly endpoint: string;
  readonly headers: Record<string, string>;
  readonly options: FetchModelOptions;
  readonly tally: ByteTally;
  readonly emit: (event: FetchProgress) => void;
}

/**
 * Downloads the manifest's model `name` into a directory and returns what it holds. Files
 * already complete are not requested again (a size check; with `verify`, a sha256 check);
 * interrupted ones resume from their `.part`. Each file is verified before it takes its final
 * name, and its size and sha256 go into `parley-model.json` in the directory.
 *
 * Throws ParleyError: INVALID_INPUT for an unknown name (listing the known ones),
 * MODEL_NOT_FOUND for a 404, UNAUTHORIZED for 401/403, CANCELLED when `signal` aborts, INTERNAL
 * for the rest (`retryable` when running again may help).
 *
 * @example
 * ```ts
 * const model = await fetchModel('qwen3-tts-0.6b-base-onnx', { onProgress: new ProgressBar().update });
 * const tts = await Qwen3Speech.load({ model: model.dir });
 * ```
 */
export async function fetchModel(name: string, options: FetchModelOptions = {}): Promise<FetchedModel> {
  try {
    return await fetchInto(name, options);
  } catch (error) {
    throw asCancelled(error, options.signal);
  }
}

async function fetchInto(name: string, options: FetchModelOptions): Promise<FetchedModel> {
  const entry = findModel(options.manifest ?? loadModelManifest(), name);
  const endpoint = resolveEndpoint(options.endpoint);
  const dir = resolve(options.dir ?? defaultModelDir(name));
  if (options.dir === undefined && !options.onProgress) tellOnce(dir, `fetching ${name} into ${dir}`, options.onNotice);
  await mkdir(dir, { recursive: true });
  const status = await inspectModel(name, entry, dir, { hash: options.verify ?? false, ...signalOf(options) });
  const missing = status.files.filter((local) => !isKept(local));
  if (options.freeBytes !== false) await ensureDiskSpace(dir, bytesStillNeeded(missing), options.freeBytes || statfsFreeBytes);
  const tally = new ByteTally(status);
  const emit = (event: FetchProgress): void => options.onProgress?.(event);
  emit({ type: 'plan', model: name, dir, files: status.files.length, totalBytes: tally.totalBytes, doneBytes: tally.doneBytes });
  const token = options.token ?? process.env.HF_TOKEN;
  const header = { model: name, repo: entry.repo, revision: entry.revision };
  const context: Context = { dir, header, endpoint, headers: authHeaders(token), options, tally, emit };
  const files: FetchedFile[] = [];
  for (const [index, local] of status.files.entries()) {
    const place = { index, count: status.files.length };
    files.push(isKept(local) ? await keepPresent(context, local, place) : await fetchFile(context, local, place));
  }
  return { name, dir, files, receivedBytes: tally.receivedBytes };
}

/** Present files are kept: complete by size, or of a size nobody knows (then recorded as is). */
function isKept(local: LocalFile): boolean {
  return local.state === 'complete' || local.state === 'unverified';
}

function bytesStillNeeded(missing: readonly LocalFile[]): number {
  return missing.reduce((sum, local) => sum + Math.max(0, (local.expectedSize ?? 0) - (local.state === 'partial' ? local.bytes : 0)), 0);
}

/** A present file: no request; hashed and recorded only when the lock does not know it yet. */
async function keepPresent(context: Context, local: LocalFile, place: Place): Promise<FetchedFile> {
  const { file, locked } = local;
  let sha256 = locked && locked.size === local.bytes ? locked.sha256 : undefined;
  if (sha256 === undefined) {
    sha256 = (await sha256OfFile(join(context.dir, file.target), context.options.signal)).sha256;
    const expected = knownSha256(local);
    if (expected !== undefined && sha256 !== expected) return fetchFile(context, { ...local, state: 'corrupt' }, place);
    recordLockedFile(context.dir, context.header, file.target, {
      path: file.path,
      size: local.bytes,
      sha256,
      fetchedAt: new Date().toISOString(),
    });
  }
  context.emit({ type: 'present', target: file.target, size: local.bytes });
  return { target: file.target, size: local.bytes, sha256, downloaded: false };
}

/** Downloads one file (replacing a wrong one), verifies it and records it in the lock. */
async function fetchFile(context: Context, local: LocalFile, place: Place): Promise<FetchedFile> {
  const { file } = local;
  const dest = join(context.dir, file.target);
  if (local.state === 'wrong-size' || local.state === 'corrupt') {
    context.emit({
      type: 'notice',
      target: file.target,
      message: `${local.state === 'corrupt' ? 'sha256 differs' : 'wrong size'}; downloading it again`,
    });
    await rm(dest, { force: true });
  }
  const { options, tally } = context;
  const downloaded = await downloadFile({
    url: fileUrl(context.endpoint, context.header.repo, context.header.revision, file.path),
    dest,
    ...(file.size === undefined ? {} : { expectedSize: file.size }),
    ...(file.sha256 === undefined ? {} : { expectedSha256: file.sha256 }),
    headers: context.headers,
    ...signalOf(options),
    ...(options.stallTimeoutMs === undefined ? {} : { stallTimeoutMs: options.stallTimeoutMs }),
    ...(options.retry === undefined ? {} : { retry: options.retry }),
    onProgress: (event) => onFileProgress(context, local, event, place),
  });
  tally.finishFile(downloaded.size);
  const record = { path: file.path, size: downloaded.size, sha256: downloaded.sha256, fetchedAt: new Date().toISOString() };
  recordLockedFile(context.dir, context.header, file.target, record);
  context.emit({ type: 'file-done', target: file.target, size: downloaded.size, sha256: downloaded.sha256, verified: downloaded.verified });
  return { target: file.target, size: downloaded.size, sha256: downloaded.sha256, downloaded: true };
}

function onFileProgress(context: Context, local: LocalFile, event: FileProgress, place: Place): void {
  const { tally, emit } = context;
  const target = local.file.target;
  if (event.type === 'start') {
    tally.startFile(event.resumeFrom, local.file.size !== undefined);
    const size = local.file.size === undefined ? {} : { size: local.file.size };
    emit({ type: 'file', target, ...place, resumeFrom: event.resumeFrom, ...size });
  } else if (event.type === 'bytes') {
    tally.update(event.bytes, event.size);
    emit({ type: 'bytes', target, doneBytes: tally.doneBytes, totalBytes: tally.totalBytes, receivedBytes: tally.receivedBytes });
  } else if (event.type === 'restart') {
    tally.update(0, undefined);
    emit({ type: 'notice', target, message: event.reason });
  } else {
    emit({ type: 'notice', target, message: `${event.error.message}; retrying in ${(event.delayMs / 1000).toFixed(1)} s` });
  }
}

function signalOf(options: FetchModelOptions): { signal?: AbortSignal } {
  return options.signal ? { signal: options.signal } : {};
}
