import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The repository root. */
export const ROOT = join(import.meta.dirname, '..', '..');

/** The parts of a package.json the pack test reads. */
interface Manifest {
  readonly name: string;
  readonly version?: string;
  readonly private?: boolean;
  readonly license?: string;
  readonly engines?: Readonly<Record<string, string>>;
  readonly files?: readonly string[];
  readonly bin?: Readonly<Record<string, string>>;
  readonly exports?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  readonly publishConfig?: Readonly<Record<string, string>>;
  readonly scripts?: Readonly<Record<string, string>>;
}

/** A workspace: its folder, relative to the root, and its package.json. */
export interface Workspace {
  readonly folder: string;
  readonly manifest: Manifest;
}

/** Every workspace the root package.json names, in its order. */
export function workspaces(): Workspace[] {
  const patterns = readJson<{ workspaces: string[] }>(join(ROOT, 'package.json')).workspaces;
  return patterns
    .flatMap((pattern) => {
      if (!pattern.endsWith('/*')) return [pattern];
      const parent = pattern.slice(0, -2);
      return readdirSync(join(ROOT, parent), { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => `${parent}/${entry.name}`);
    })
    .filter((folder) => existsSync(join(ROOT, folder, 'package.json')))
    .map((folder) => ({ folder, manifest: readJson<Manifest>(join(ROOT, folder, 'package.json')) }));
}

/** The workspaces that are published: those not marked private. */
export function publicWorkspaces(): Workspace[] {
  return workspaces().filter((workspace) => !workspace.manifest.private);
}

/** The version of `name` installed in the repository: what its tests ran with, so what the test project gets. */
export function installedVersion(name: string): string {
  return readJson<{ version: string }>(join(ROOT, 'node_modules', name, 'package.json')).version;
}

/** A JSON file, parsed. */
function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}
