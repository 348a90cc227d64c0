import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { importedPackages, readmeBlocks, type ReadmeBlock } from './readme-blocks.js';
import { runCommand, type Ran } from './run-command.js';
import { installedVersion, ROOT, type Workspace } from './workspaces.js';

/** A packed tarball, as `npm pack --json` reports it. */
export interface Tarball {
  readonly name: string;
  readonly version: string;
  /** The tarball's absolute path. */
  readonly path: string;
  /** The paths inside it, relative to the package root. */
  readonly files: readonly string[];
}

/** An example block as a file of the test project. */
export interface Example extends ReadmeBlock {
  /** Its file name without extension: the README's path and the fence's line. */
  readonly name: string;
}

/**
 * global-agent, which onnxruntime-node's install script starts, would send a CUDA download
 * through this closed port: an install script that ran anyway fails instead of downloading.
 */
const DEAD_PROXY = 'http://127.0.0.1:9';

/** The environment of the npm commands: no CUDA download can succeed, no update check. */
export function npmEnvironment(): NodeJS.ProcessEnv {
  return { ...process.env, GLOBAL_AGENT_HTTPS_PROXY: DEAD_PROXY, GLOBAL_AGENT_HTTP_PROXY: DEAD_PROXY, npm_config_update_notifier: 'false' };
}

/** Packs `packages` with `npm pack` (so their `prepack` builds them) into `destination`. */
export async function pack(packages: readonly Workspace[], destination: string): Promise<Tarball[]> {
  mkdirSync(destination, { recursive: true });
  const args = ['pack', '--json', '--pack-destination', destination, ...packages.flatMap((workspace) => ['-w', workspace.folder])];
  const ran = await runCommand('npm', args, { cwd: ROOT, env: npmEnvironment(), timeoutMs: 300_000 });
  if (ran.code !== 0) throw new Error(`npm pack failed (${ran.code}):\n${ran.stderr}`);
  // prepack's own output shares stdout with the JSON report, which comes last and opens with a line "[".
  const report = JSON.parse(ran.stdout.slice(ran.stdout.search(/^\[$/m))) as {
    name: string;
    version: string;
    filename: string;
    files: { path: string }[];
  }[];
  return report.map((entry) => ({
    name: entry.name,
    version: entry.version,
    path: join(destination, entry.filename),
    files: entry.files.map((file) => file.path),
  }));
}

/** The example blocks of the READMEs at `readmes` (paths relative to the root). */
export function examples(readmes: readonly string[]): Example[] {
  return readmes
    .flatMap((readme) => readmeBlocks(readme, readFileSync(join(ROOT, readme), 'utf8')))
    .filter((block) => block.use !== 'package.json')
    .map((block) => ({ ...block, name: `${block.readme.replace(/\.md$/, '').replaceAll('/', '_')}_L${block.line}` }));
}

/**
 * The test project's package.json: a user's app that installs the tarballs, the other packages
 * its examples import (at the versions the repository tests with), TypeScript and Node's types,
 * and whatever the READMEs' `json package.json` blocks tell a user to add.
 */
export function projectManifest(tarballs: readonly Tarball[], readmes: readonly string[]): Record<string, unknown> {
  const blocks = readmes.flatMap((readme) => readmeBlocks(readme, readFileSync(join(ROOT, readme), 'utf8')));
  const parley = new Map(tarballs.map((tarball) => [tarball.name, `file:${tarball.path}`]));
  const imported = blocks.flatMap((block) => (block.use === 'package.json' ? [] : importedPackages(block.code)));
  const dependencies: Record<string, string> = Object.fromEntries(parley);
  for (const name of imported) {
    if (name.startsWith('@parley/') && !parley.has(name)) throw new Error(`a README imports ${name}, which is not a public package`);
    dependencies[name] ??= installedVersion(name);
  }
  const devDependencies = { typescript: installedVersion('typescript'), '@types/node': installedVersion('@types/node') };
  const base = { name: 'parley-readme-examples', private: true, type: 'module', dependencies, devDependencies };
  return blocks
    .filter((block) => block.use === 'package.json')
    .reduce<Record<string, unknown>>((manifest, block) => merge(manifest, JSON.parse(block.code) as Record<string, unknown>), base);
}

/** `base` with `extra` merged in, objects key by key. */
function merge(base: Record<string, unknown>, extra: Record<string, unknown>): Record<string, unknown> {
  const merged = { ...base };
  for (const [key, value] of Object.entries(extra)) {
    const old = merged[key];
    merged[key] = isObject(old) && isObject(value) ? merge(old, value) : value;
  }
  return merged;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A user's compiler settings, strict, and with `skipLibCheck: false`, so that the packages'
 * declarations are checked too (and every declaration they pull in).
 */
const TSCONFIG = {
  compilerOptions: {
    target: 'ES2022',
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    strict: true,
    verbatimModuleSyntax: true,
    skipLibCheck: false,
    types: ['node'],
    rootDir: 'examples',
    outDir: 'built',
  },
  include: ['examples'],
};

/** Writes the project (package.json, tsconfig.json, one file per example) into `dir`. */
export function writeProject(dir: string, manifest: Record<string, unknown>, blocks: readonly Example[]): void {
  mkdirSync(join(dir, 'examples'), { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify(manifest, null, 2));
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(TSCONFIG, null, 2));
  for (const block of blocks) writeFileSync(join(dir, 'examples', `${block.name}.ts`), block.code);
}

/** `npm install` in the project: the tarballs, and the rest from npm's cache where it has them. */
export function install(dir: string): Promise<Ran> {
  return runCommand('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund'], {
    cwd: dir,
    env: npmEnvironment(),
    timeoutMs: 300_000,
  });
}

/**
 * Writes `alice.wav`, the recording the voice-cloning example reads: 2 s of a synthetic voiced
 * vowel (a 140 Hz pulse's harmonics) at 22.05 kHz, encoded by the installed `@parley/core`.
 */
export function writeReferenceRecording(dir: string): Promise<Ran> {
  const script = `
    import { writeFileSync } from 'node:fs';
    import { encodeWav } from '@parley/core';
    const rate = 22_050;
    const sample = (i) => [1, 2, 3, 4, 5, 6, 7, 8].reduce((sum, h) => sum + Math.sin((2 * Math.PI * 140 * h * i) / rate) / h, 0);
    writeFileSync('alice.wav', encodeWav(Int16Array.from({ length: 2 * rate }, (_, i) => Math.round(sample(i) * 6000)), { sampleRate: rate }));`;
  return runCommand(process.execPath, ['--input-type=module', '-e', script], { cwd: dir, timeoutMs: 30_000 });
}

/** Whether onnxruntime-node under `dir` has CUDA's provider library, which only its install script downloads. */
export function hasCudaProvider(dir: string): boolean {
  return existsSync(join(dir, 'node_modules/onnxruntime-node/bin/napi-v6/linux/x64/libonnxruntime_providers_cuda.so'));
}
