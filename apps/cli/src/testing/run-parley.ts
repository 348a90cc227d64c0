import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The `parley` command as a user runs it. */
export const PARLEY = fileURLToPath(new URL('../../bin/parley.js', import.meta.url));

/** How a finished `parley` run went. */
export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** This process's environment without the LiveKit keys (a test gives them explicitly), plus `extra`. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const { LIVEKIT_API_KEY: _key, LIVEKIT_API_SECRET: _secret, ...env } = process.env;
  return { ...env, ...extra };
}

/** Runs the real `parley` command to the end, with `stdin` (default empty) as its input. */
export function parley(args: string[], options: { env?: Record<string, string>; stdin?: string } = {}): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [PARLEY, ...args], { env: cleanEnv(options.env) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.stdin.end(options.stdin ?? '');
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}
