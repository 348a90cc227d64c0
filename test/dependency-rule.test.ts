import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The dependency rule of docs/architecture.md#packages, checked from the files that define it:
 * the table lists the workspaces in order, and a package may depend only on packages above it.
 * Production dependencies (`dependencies`, `peerDependencies`, `optionalDependencies`) and test
 * dependencies (`devDependencies`) alike; the table's columns must list exactly what each
 * package.json does, and every `@parley/*` import in a workspace must be declared there.
 */

const ROOT = join(import.meta.dirname, '..');
const TABLE_DOC = 'docs/architecture.md';
const TABLE_HEADING = '## Packages';

/** The parts of a package.json the rule reads. */
interface Manifest {
  readonly name: string;
  readonly dependencies?: Readonly<Record<string, string>>;
  readonly peerDependencies?: Readonly<Record<string, string>>;
  readonly optionalDependencies?: Readonly<Record<string, string>>;
  readonly devDependencies?: Readonly<Record<string, string>>;
}

/** One row of the package table, in table order. */
interface Row {
  readonly folder: string;
  readonly name: string;
  readonly dependsOn: readonly string[];
  readonly testsUse: readonly string[];
}

/** A workspace: its folder (relative to the root) and its package.json. */
type Workspaces = ReadonlyMap<string, Manifest>;

describe('the dependency rule of docs/architecture.md', () => {
  const rows = packageTable(readFileSync(join(ROOT, TABLE_DOC), 'utf8'));
  const workspaces = readWorkspaces(ROOT);

  it('lists every workspace once, with exactly the parley dependencies its package.json has, each from a package above it', () => {
    expect(rows.map((row) => row.folder).sort()).toEqual([...workspaces.keys()].sort());
    expect(violations(rows, workspaces)).toEqual([]);
  });

  it('declares in package.json every parley package a workspace imports: shipped code among its dependencies, tests among either', () => {
    expect(undeclaredImports(ROOT, workspaces)).toEqual([]);
  });

  it('fails when a package depends on one below it, in production or in its tests', () => {
    const core = workspaces.get('packages/core')!;
    const livekit = workspaces.get('packages/transport-livekit')!;
    const broken = new Map(workspaces);
    broken.set('packages/core', { ...core, dependencies: { ...core.dependencies, '@parley/tts-qwen3': '*' } });
    broken.set('packages/transport-livekit', { ...livekit, devDependencies: { ...livekit.devDependencies, '@parley/voice-agent': '*' } });
    const found = violations(rows, broken);
    expect(found).toContain('packages/core depends on @parley/tts-qwen3, which is not above it in the table');
    expect(found).toContain(
      'packages/transport-livekit depends on @parley/voice-agent (devDependencies), which is not above it in the table',
    );
    expect(found).toContain(`packages/core: the table says it depends on none, package.json says @parley/tts-qwen3`);
  });

  it('fails when the table leaves a workspace out or names an unknown package', () => {
    const [first, ...rest] = rows;
    expect(violations(rest, workspaces)).toContain(`packages/core (@parley/core) is a workspace missing from the table in ${TABLE_DOC}`);
    const renamed = [{ ...first!, name: '@parley/kernel' }, ...rest];
    expect(violations(renamed, workspaces)).toContain('packages/core: the table calls it @parley/kernel, its package.json @parley/core');
  });
});

/** The rows of the table under {@link TABLE_HEADING}: folder, package, holds, depends on, tests also use. */
function packageTable(markdown: string): Row[] {
  const lines = markdown.split('\n');
  const start = lines.indexOf(TABLE_HEADING);
  if (start < 0) throw new Error(`${TABLE_DOC} has no "${TABLE_HEADING}" heading`);
  const section = lines.slice(start + 1);
  const end = section.findIndex((line) => line.startsWith('#'));
  const tableLines = (end < 0 ? section : section.slice(0, end)).filter((line) => line.startsWith('|'));
  return tableLines.slice(2).map((line) => {
    const cells = line
      .split('|')
      .slice(1, -1)
      .map((cell) => cell.trim());
    if (cells.length !== 5) throw new Error(`${TABLE_DOC}: a package row needs 5 cells: ${line}`);
    const [folder, name, , dependsOn, testsUse] = cells as [string, string, string, string, string];
    return { folder: unquote(folder), name: unquote(name), dependsOn: packageNames(dependsOn), testsUse: packageNames(testsUse) };
  });
}

function unquote(cell: string): string {
  return cell.replace(/`/g, '');
}

/** The `@parley/*` names of a cell ("—" for none), sorted. */
function packageNames(cell: string): string[] {
  return [...cell.matchAll(/@parley\/[a-z0-9-]+/g)].map((match) => match[0]).sort();
}

/** The workspaces the root package.json names (`dir` or `dir/*` patterns), by folder. */
function readWorkspaces(root: string): Map<string, Manifest> {
  const patterns = (readJson(join(root, 'package.json')) as { workspaces: string[] }).workspaces;
  const folders = patterns.flatMap((pattern) => {
    if (!pattern.endsWith('/*')) return [pattern];
    const parent = pattern.slice(0, -2);
    return readdirSync(join(root, parent), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => `${parent}/${entry.name}`);
  });
  const workspaces = new Map<string, Manifest>();
  for (const folder of folders.filter((f) => existsSync(join(root, f, 'package.json'))))
    workspaces.set(folder, readJson(join(root, folder, 'package.json')) as Manifest);
  return workspaces;
}

function readJson(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8'));
}

/** A manifest's parley dependencies: production (dependencies, peers, optional) and test-only (devDependencies). */
function parleyDependencies(manifest: Manifest): { production: string[]; tests: string[] } {
  const names = (deps: Readonly<Record<string, string>> | undefined) =>
    Object.keys(deps ?? {}).filter((name) => name.startsWith('@parley/'));
  const production = [
    ...new Set([...names(manifest.dependencies), ...names(manifest.peerDependencies), ...names(manifest.optionalDependencies)]),
  ].sort();
  const tests = names(manifest.devDependencies)
    .filter((name) => !production.includes(name))
    .sort();
  return { production, tests };
}

/** Every way `rows` and `workspaces` break the rule, as sentences; empty when they keep it. */
function violations(rows: readonly Row[], workspaces: Workspaces): string[] {
  const found: string[] = [];
  const position = new Map(rows.map((row, index) => [row.name, index]));
  for (const [folder, manifest] of workspaces) {
    if (!rows.some((row) => row.folder === folder))
      found.push(`${folder} (${manifest.name}) is a workspace missing from the table in ${TABLE_DOC}`);
  }
  rows.forEach((row, index) => {
    const manifest = workspaces.get(row.folder);
    if (!manifest) return found.push(`${row.folder}: in the table but not a workspace`);
    if (manifest.name !== row.name) found.push(`${row.folder}: the table calls it ${row.name}, its package.json ${manifest.name}`);
    const { production, tests } = parleyDependencies(manifest);
    compareColumn(found, row.folder, 'depends on', row.dependsOn, production);
    compareColumn(found, row.folder, 'has tests that also use', row.testsUse, tests);
    for (const [names, field] of [
      [production, ''],
      [tests, ' (devDependencies)'],
    ] as const) {
      for (const name of names) {
        if (name === manifest.name) continue;
        if (!((position.get(name) ?? Infinity) < index))
          found.push(`${row.folder} depends on ${name}${field}, which is not above it in the table`);
      }
    }
  });
  return found;
}

function compareColumn(found: string[], folder: string, column: string, listed: readonly string[], actual: readonly string[]): void {
  if (listed.join() === actual.join()) return;
  const say = (names: readonly string[]) => (names.length === 0 ? 'none' : names.join(', '));
  found.push(`${folder}: the table says it ${column} ${say(listed)}, package.json says ${say(actual)}`);
}

/** Folders of a workspace whose files are tests, benchmarks or scripts rather than shipped code. */
const TEST_CODE = /(^|\/)(testing|test-support|test|bench|scripts|gpu-check)\/|\.(test|fixture)\.[cm]?[jt]s$|^vitest[.\w]*\.ts$/;
const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'cache', '.reports', '.turbo']);

/** `@parley/*` imports of each workspace's files that its package.json does not declare where they need to be. */
function undeclaredImports(root: string, workspaces: Workspaces): string[] {
  const found: string[] = [];
  for (const [folder, manifest] of workspaces) {
    const { production, tests } = parleyDependencies(manifest);
    for (const file of sourceFiles(join(root, folder))) {
      const path = relative(join(root, folder), file);
      const testCode = folder === 'test' || TEST_CODE.test(path);
      for (const name of parleyImports(readFileSync(file, 'utf8'))) {
        if (name === manifest.name || production.includes(name) || (testCode && tests.includes(name))) continue;
        found.push(
          `${folder}/${path} imports ${name}, which ${manifest.name} does not declare${testCode ? '' : ' among its dependencies'}`,
        );
      }
    }
  }
  return found;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.isDirectory()) return SKIPPED_DIRS.has(entry.name) ? [] : sourceFiles(join(dir, entry.name));
    return /\.[cm]?[jt]s$/.test(entry.name) ? [join(dir, entry.name)] : [];
  });
}

/** The parley packages a module imports or re-exports (statically or dynamically), without subpaths. */
function parleyImports(source: string): Set<string> {
  const names = new Set<string>();
  for (const match of source.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)['"](@parley\/[a-z0-9-]+)/g)) names.add(match[1]!);
  return names;
}
