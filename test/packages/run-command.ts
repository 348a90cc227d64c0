import { spawn, type SpawnOptions } from 'node:child_process';

/** How a command ended, and everything it printed. */
export interface Ran {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

/** Options of {@link runCommand}. */
export interface RunOptions extends Pick<SpawnOptions, 'cwd' | 'env'> {
  /** Killed (SIGKILL) after this long; the result then has signal SIGKILL. */
  readonly timeoutMs: number;
  /** Called with the child's stdout as it grows; a long-running command is stopped from here. */
  readonly onStdout?: (stdout: string, stop: (signal: NodeJS.Signals) => void) => void;
}

/** Runs `command` to its end, collecting its output; never rejects on a failure of the command. */
export function runCommand(command: string, args: readonly string[], options: RunOptions): Promise<Ran> {
  const started = performance.now();
  const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const stop = (signal: NodeJS.Signals) => child.kill(signal);
  child.stdout!.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    options.onStdout?.(stdout, stop);
  });
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = setTimeout(() => stop('SIGKILL'), options.timeoutMs);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, ms: Math.round(performance.now() - started) });
    });
  });
}
