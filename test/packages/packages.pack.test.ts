import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readmeBlocks } from './readme-blocks.js';
import { runCommand, type Ran } from './run-command.js';
import {
  examples,
  hasCudaProvider,
  install,
  npmEnvironment,
  pack,
  projectManifest,
  writeProject,
  writeReferenceRecording,
  type Tarball,
} from './test-project.js';
import { publicWorkspaces, ROOT, workspaces } from './workspaces.js';

/**
 * What a user outside this repository gets: every public package packed with `npm pack`,
 * installed from the tarballs into a new project in the temp directory, and each README's code
 * examples compiled there as they are written (`skipLibCheck: false`) and run with plain Node,
 * without tsx or the `@parley/source` condition.
 */

const PUBLIC = publicWorkspaces();
const READMES = ['README.md', ...PUBLIC.map((workspace) => `${workspace.folder}/README.md`)];
const EXAMPLES = examples(READMES);
const RUN_TIMEOUT_MS = 90_000;

/** The environment an example runs in: its own parley cache, LiveKit-style keys for the server examples. */
const exampleEnvironment = (project: string): NodeJS.ProcessEnv => ({
  PATH: process.env.PATH,
  HOME: process.env.HOME,
  PARLEY_CACHE: join(project, 'parley-cache'),
  LIVEKIT_API_KEY: 'readme-key',
  LIVEKIT_API_SECRET: 'readme-secret-at-least-32-characters-long',
  PORT: '0',
});

let project: string;
let tarballs: Tarball[];
let installed: Ran;

beforeAll(async () => {
  project = mkdtempSync(join(tmpdir(), 'parley-packages-'));
  tarballs = await pack(PUBLIC, join(project, 'tarballs'));
  writeProject(project, projectManifest(tarballs, READMES), EXAMPLES);
  installed = await install(project);
  if (installed.code === 0) await writeReferenceRecording(project);
}, 600_000);

afterAll(() => rmSync(project, { recursive: true, force: true }));

describe('the public packages, packed', () => {
  it.each(PUBLIC.map((workspace) => [workspace.manifest.name, workspace] as const))(
    '%s: a scoped name, a version, the licence, Node ≥20.19, public access, a prepack build',
    (_name, { manifest }) => {
      expect(manifest.name).toMatch(/^@parley\/[a-z0-9-]+$/);
      expect(manifest.version).toMatch(/^\d+\.\d+\.\d+/);
      expect(manifest).toMatchObject({ license: 'Apache-2.0', engines: { node: '>=20.19' }, publishConfig: { access: 'public' } });
      expect(manifest.scripts?.prepack).toBe('turbo run build');
    },
  );

  it('each tarball holds its README, the licence, the built JavaScript and declarations of every export, and no sources or tests', () => {
    expect(tarballs.map((tarball) => tarball.name).sort()).toEqual(PUBLIC.map((workspace) => workspace.manifest.name).sort());
    const licence = readFileSync(join(ROOT, 'LICENSE'), 'utf8');
    for (const { folder, manifest } of PUBLIC) {
      const tarball = tarballs.find((t) => t.name === manifest.name)!;
      expect(readFileSync(join(ROOT, folder, 'LICENSE'), 'utf8'), `${folder}/LICENSE`).toBe(licence);
      const entries = Object.values(manifest.exports ?? {}).filter((entry) => entry.default !== undefined);
      const wanted = [
        'package.json',
        'README.md',
        'LICENSE',
        ...entries.flatMap((entry) => [entry.types!, entry.default!].map((path) => path.replace(/^\.\//, ''))),
        ...Object.values(manifest.bin ?? {}).map((path) => path.replace(/^\.\//, '')),
      ];
      expect(tarball.files, manifest.name).toEqual(expect.arrayContaining(wanted));
      expect(
        tarball.files.filter((file) => /^src\/|\.test\.|\/testing\/|\.map$|tsbuildinfo/.test(file)),
        manifest.name,
      ).toEqual([]);
    }
  });

  it('depends on no private workspace', () => {
    const privateNames = workspaces()
      .filter((workspace) => workspace.manifest.private)
      .map((workspace) => workspace.manifest.name);
    for (const { folder } of PUBLIC) {
      const manifest = JSON.parse(readFileSync(join(ROOT, folder, 'package.json'), 'utf8')) as Record<string, Record<string, string>>;
      const names = ['dependencies', 'peerDependencies', 'optionalDependencies'].flatMap((field) => Object.keys(manifest[field] ?? {}));
      expect(
        names.filter((name) => privateNames.includes(name)),
        folder,
      ).toEqual([]);
    }
  });
});

describe('the tarballs installed into a new project', () => {
  it('install with no npm warning, no install script left unreviewed, and without downloading CUDA', () => {
    expect(installed.code, installed.stderr).toBe(0);
    expect(installed.stderr.split('\n').filter((line) => /npm warn/i.test(line))).toEqual([]);
    expect(hasCudaProvider(project)).toBe(false);
    expect(existsSync(join(project, 'node_modules/tsx'))).toBe(false); // nothing runs TypeScript at run time
  });

  it("type-check every README example against the packages' declarations, with skipLibCheck: false", async () => {
    const ran = await runCommand(join(project, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.json', '--pretty', 'false'], {
      cwd: project,
      timeoutMs: 180_000,
    });
    expect(ran.stdout + ran.stderr).toBe('');
    expect(ran.code).toBe(0);
  }, 200_000);

  it('marks every example it does not run with the reason', () => {
    for (const block of EXAMPLES.filter((example) => example.use === 'typecheck-only')) expect(block.reason, block.name).toMatch(/\w{3}/);
    expect(EXAMPLES.filter((example) => example.use !== 'typecheck-only').length).toBeGreaterThan(5);
  });

  describe.each(EXAMPLES.filter((example) => example.use !== 'typecheck-only').map((example) => [example.name, example] as const))(
    '%s',
    (_name, example) => {
      it(
        example.use === 'server' ? 'serves with plain Node until SIGTERM, then closes and exits 0' : 'runs with plain Node and exits 0',
        async () => {
          const ran = await runCommand(process.execPath, [join('built', `${example.name}.js`)], {
            cwd: project,
            env: exampleEnvironment(project),
            timeoutMs: RUN_TIMEOUT_MS,
            onStdout: example.use === 'server' ? (stdout, stop) => stdout.includes('\n') && stop('SIGTERM') : undefined,
          });
          expect({ code: ran.code, signal: ran.signal }, ran.stderr).toEqual({ code: 0, signal: null });
          // The stand-in says what it is and where it went, in the example's own cache.
          if (example.code.includes("model: 'standin'"))
            expect(ran.stderr).toMatch(
              new RegExp(`stand-in model \\(noise, not speech\\) (into|in) ${exampleEnvironment(project).PARLEY_CACHE}/standin-`),
            );
          if (example.use === 'server') expect(ran.stdout).toMatch(/ws:\/\/[^/]+:\d+\//); // its address, then a clean close
        },
        RUN_TIMEOUT_MS + 10_000,
      );
    },
  );

  it(
    'npx @parley/cli speaks into a WAV file from the installed package, with no TypeScript runtime',
    async () => {
      const ran = await runCommand('npx', ['@parley/cli', 'speak', 'Hello from the tarball.', '--out', 'hello.wav'], {
        cwd: project,
        env: { ...exampleEnvironment(project), npm_config_update_notifier: 'false' },
        timeoutMs: RUN_TIMEOUT_MS,
      });
      expect(ran.code, ran.stderr).toBe(0);
      const wav = readFileSync(join(project, 'hello.wav'));
      expect(wav.subarray(0, 4).toString()).toBe('RIFF');
      expect(wav.length).toBeGreaterThan(44 + 24_000); // some audio past the header
      expect(ran.stderr).toContain(join(project, 'parley-cache')); // the stand-in, generated where it says
    },
    RUN_TIMEOUT_MS + 10_000,
  );
});

describe('the README blocks the test reads', () => {
  it('knows run, server, typecheck-only with a reason, and package.json parts; refuses other markers', () => {
    const markdown = [
      '```ts',
      'run();',
      '```',
      '```ts server',
      'serve();',
      '```',
      '```ts typecheck-only: needs a LiveKit server',
      'join();',
      '```',
      '```json package.json',
      '{}',
      '```',
      '```sh',
      'npm i',
      '```',
    ].join('\n');
    expect(readmeBlocks('R.md', markdown).map(({ line, use, reason }) => ({ line, use, reason }))).toEqual([
      { line: 1, use: 'run', reason: undefined },
      { line: 4, use: 'server', reason: undefined },
      { line: 7, use: 'typecheck-only', reason: 'needs a LiveKit server' },
      { line: 10, use: 'package.json', reason: undefined },
    ]);
    expect(() => readmeBlocks('R.md', '```ts typecheck-only\nx\n```\n')).toThrow('R.md:1: unknown code block marker "typecheck-only"');
  });
});

describe('npm ci of the repository', () => {
  it('from a fresh checkout neither warns nor downloads CUDA (onnxruntime-node is denied its install script)', async () => {
    const copy = mkdtempSync(join(tmpdir(), 'parley-npm-ci-'));
    try {
      const manifests = ['package.json', 'package-lock.json', ...workspaces().map((workspace) => `${workspace.folder}/package.json`)];
      const bins = workspaces().flatMap(({ folder, manifest }) => Object.values(manifest.bin ?? {}).map((bin) => join(folder, bin)));
      for (const file of [...manifests, ...bins, '.npmrc'].filter((f) => existsSync(join(ROOT, f)))) {
        mkdirSync(dirname(join(copy, file)), { recursive: true });
        cpSync(join(ROOT, file), join(copy, file));
      }
      writeFileSync(join(copy, '.gitignore'), 'node_modules/\n');
      const ran = await runCommand('npm', ['ci', '--prefer-offline', '--no-audit', '--no-fund'], {
        cwd: copy,
        env: npmEnvironment(),
        timeoutMs: 300_000,
      });
      expect(ran.code, ran.stderr).toBe(0);
      expect((ran.stdout + ran.stderr).split('\n').filter((line) => /npm warn/i.test(line))).toEqual([]);
      expect(hasCudaProvider(copy)).toBe(false);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  }, 320_000);
});
