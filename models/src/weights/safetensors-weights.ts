import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { readSafetensorsHeader, readTensorAsFloat32, type SafetensorsEntry } from './safetensors-format.js';
import type { WeightSource, WeightSpec } from './weight-source.js';

/** The single-file checkpoint's name. */
const SINGLE_FILE = 'model.safetensors';
/** The index of a sharded checkpoint (`model-0000X-of-0000N.safetensors`): `{ weight_map: { name: file } }`. */
const INDEX_FILE = 'model.safetensors.index.json';
/** The prefix `official-names.ts` gives every talker-side parameter. */
const TALKER_PREFIX = 'talker.';

/** Where one tensor lives. */
interface Located {
  readonly path: string;
  readonly entry: SafetensorsEntry;
  /** The name it is stored under (differs from the asked name when the `talker.` fallback found it). */
  readonly stored: string;
}

/**
 * A {@link WeightSource} over an official Qwen3-TTS checkpoint: one or more `.safetensors` files
 * of F32, F16 or BF16 tensors (the released checkpoints are BF16), returned as float32.
 *
 * Only the headers are read when it opens; each `tensor()` reads that tensor's bytes at its offset,
 * so a 2–4 GB checkpoint never sits in memory whole. A missing tensor or a shape other than the
 * graph builder expects throws an Error naming the tensor (and the files searched, or both shapes).
 *
 * Names: the builders ask for `talker.`-prefixed names (official-names.ts). A 0.6B CustomVoice
 * weight map published by a port lists them with that prefix, but no real file was readable
 * here to confirm it, and re-exports (the MLX port) strip it. So a name that is missing is also
 * looked up with `talker.` removed (or added), and that other form is accepted transparently.
 *
 * @example
 * ```ts
 * const weights = SafetensorsWeights.fromDirectory('/models/Qwen3-TTS-12Hz-0.6B-CustomVoice');
 * const graph = buildGraph('codec_embed', weights, sizesFromConfigJson(config));
 * ```
 */
export class SafetensorsWeights implements WeightSource {
  readonly description: string;
  private readonly tensors = new Map<string, Located>();

  /** Opens the given files (their headers only); throws on a bad or truncated file. */
  constructor(readonly paths: readonly string[]) {
    if (paths.length === 0) throw new Error('no safetensors files given');
    for (const path of paths) {
      for (const [name, entry] of readSafetensorsHeader(path).tensors) this.tensors.set(name, { path, entry, stored: name });
    }
    this.description = `safetensors(${paths.map((p) => basename(p)).join(', ')})`;
  }

  /**
   * The checkpoint in `dir`: the shards named by `model.safetensors.index.json`, else
   * `model.safetensors`, else every `*.safetensors` file there. Throws when there is none.
   */
  static fromDirectory(dir: string): SafetensorsWeights {
    return new SafetensorsWeights(checkpointFiles(dir));
  }

  /** Every tensor name the files hold. */
  names(): string[] {
    return [...this.tensors.keys()];
  }

  /** Whether `spec` can be served: throws like {@link tensor} would, without reading any data. */
  check(spec: WeightSpec): void {
    this.locate(spec);
  }

  /** The tensor for `spec` as float32, read from disk now (not cached: callers keep what they reuse). */
  tensor(spec: WeightSpec): Float32Array {
    const { path, entry } = this.locate(spec);
    return readTensorAsFloat32(path, entry);
  }

  private locate(spec: WeightSpec): Located {
    const other = otherPrefixForm(spec.name);
    const found = this.tensors.get(spec.name) ?? this.tensors.get(other);
    if (found === undefined) {
      const files = [...new Set(this.paths)].join(', ');
      throw new Error(`tensor ${spec.name} not found (also tried ${other}) in ${files}`);
    }
    const { shape } = found.entry;
    if (shape.length !== spec.shape.length || shape.some((d, i) => d !== spec.shape[i])) {
      const stored = found.stored === spec.name ? '' : ` (stored as ${found.stored})`;
      throw new Error(
        `tensor ${spec.name}${stored} has shape [${shape.join(', ')}], expected [${spec.shape.join(', ')}] (in ${found.path})`,
      );
    }
    return found;
  }
}

/** `talker.x` → `x`, `x` → `talker.x`. */
function otherPrefixForm(name: string): string {
  return name.startsWith(TALKER_PREFIX) ? name.slice(TALKER_PREFIX.length) : `${TALKER_PREFIX}${name}`;
}

/** The safetensors files of the checkpoint in `dir`, in a stable order. */
function checkpointFiles(dir: string): string[] {
  const index = join(dir, INDEX_FILE);
  if (existsSync(index)) {
    const map = (JSON.parse(readFileSync(index, 'utf8')) as { weight_map?: Record<string, string> }).weight_map;
    if (map === undefined || typeof map !== 'object') throw new Error(`${index}: no weight_map`);
    return [...new Set(Object.values(map))].sort().map((file) => join(dir, file));
  }
  if (existsSync(join(dir, SINGLE_FILE))) return [join(dir, SINGLE_FILE)];
  const found =
    existsSync(dir) && statSync(dir).isDirectory()
      ? readdirSync(dir)
          .filter((f) => f.endsWith('.safetensors'))
          .sort()
      : [];
  if (found.length === 0) throw new Error(`no ${SINGLE_FILE}, ${INDEX_FILE} or other .safetensors file in ${dir}`);
  return found.map((file) => join(dir, file));
}
