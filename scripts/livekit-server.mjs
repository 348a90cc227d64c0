#!/usr/bin/env node
// A real LiveKit server for the tests: built once with `go install` at a pinned release (through
// the Go module proxy; LiveKit ships no npm or Debian package) into a git-ignored cache, and
// started on loopback ports with generated keys. Tests start and stop their own.
//
//   node scripts/livekit-server.mjs build   # build and cache the binary (what .ci/run does first)
//   node scripts/livekit-server.mjs start   # run one in the foreground, printing its URL and keys
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * The release built. The newest releases replace pion's WebRTC, ICE and DTLS modules by LiveKit
 * forks that the Go module proxy here does not serve; 1.9.12 is the newest that builds from the
 * proxy as it is.
 */
export const LIVEKIT_SERVER_VERSION = 'v1.9.12';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cacheDir = join(root, '.cache', 'livekit-server', LIVEKIT_SERVER_VERSION);
const binary = join(cacheDir, 'server');

/** The cached binary's path, built first when it is missing (a few minutes on 2 cores). */
export function ensureLiveKitServer() {
  if (existsSync(binary)) return binary;
  mkdirSync(cacheDir, { recursive: true });
  console.error(`building livekit-server ${LIVEKIT_SERVER_VERSION} with go install (once; cached in ${cacheDir})`);
  const built = spawnSync('go', ['install', `github.com/livekit/livekit-server/cmd/server@${LIVEKIT_SERVER_VERSION}`], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, GOBIN: cacheDir, GOFLAGS: '-mod=mod' },
  });
  if (built.status !== 0 || !existsSync(binary))
    throw new Error(`go install of livekit-server ${LIVEKIT_SERVER_VERSION} failed (status ${built.status})`);
  return binary;
}

/** A free loopback TCP port. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Resolves once `url` answers HTTP 200, or rejects after `timeoutMs`. */
async function waitUntilUp(url, child, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`livekit-server exited with ${child.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`livekit-server did not answer at ${url} within ${timeoutMs} ms`);
}

/**
 * Starts a LiveKit server on loopback: HTTP/WebSocket, RTC over TCP and one UDP port, all on
 * 127.0.0.1 (so ICE works with no network), with a generated key and secret.
 * @returns `{ url, httpUrl, apiKey, apiSecret, stop(), restart(), pause(), resume() }`; `stop()` ends it
 * and removes its config.
 */
export async function startLiveKitServer({ timeoutMs = 20_000 } = {}) {
  const bin = ensureLiveKitServer();
  const [port, tcpPort, udpPort] = [await freePort(), await freePort(), await freePort()];
  const apiKey = `parley-test-${randomBytes(4).toString('hex')}`;
  const apiSecret = randomBytes(24).toString('hex');
  const dir = mkdtempSync(join(tmpdir(), 'parley-livekit-'));
  const config = join(dir, 'livekit.yaml');
  writeFileSync(
    config,
    [
      `port: ${port}`,
      'bind_addresses: ["127.0.0.1"]',
      'rtc:',
      `  tcp_port: ${tcpPort}`,
      `  udp_port: ${udpPort}`,
      '  node_ip: 127.0.0.1',
      '  use_external_ip: false',
      'keys:',
      `  ${apiKey}: ${apiSecret}`,
      'logging:',
      '  level: warn',
      '',
    ].join('\n'),
  );
  const httpUrl = `http://127.0.0.1:${port}`;
  let stderr = '';
  let child;
  const launch = async () => {
    child = spawn(bin, ['--config', config], { stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr = (stderr + chunk).slice(-4000)));
    await waitUntilUp(httpUrl, child, timeoutMs);
  };
  const kill = async (signal = 'SIGTERM') => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGCONT'); // a paused server cannot act on SIGTERM
    child.kill(signal);
    await new Promise((resolve) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      child.once('exit', () => (clearTimeout(timer), resolve()));
    });
  };
  const stop = async () => {
    await kill();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await launch();
  } catch (error) {
    await stop();
    throw new Error(`${error.message}\n${stderr}`);
  }
  return {
    url: `ws://127.0.0.1:${port}`,
    httpUrl,
    apiKey,
    apiSecret,
    stop,
    get pid() {
      return child.pid;
    },
    // A crash and a restart (SIGKILL: no drain) loses every room at once.
    restart: async () => {
      await kill('SIGKILL');
      await launch();
    },
    // A frozen server answers nothing but keeps its sockets open: a network outage, as clients see it.
    pause: () => void child.kill('SIGSTOP'),
    resume: () => void child.kill('SIGCONT'),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const command = process.argv[2];
  if (command === 'build') console.log(ensureLiveKitServer());
  else if (command === 'start') {
    const server = await startLiveKitServer();
    console.log(`LiveKit server at ${server.url} (key ${server.apiKey}, secret ${server.apiSecret}); Ctrl-C stops it`);
    process.once('SIGINT', () => void server.stop().then(() => process.exit(0)));
    process.once('SIGTERM', () => void server.stop().then(() => process.exit(0)));
  } else {
    console.error('usage: node scripts/livekit-server.mjs build|start');
    process.exit(2);
  }
}
