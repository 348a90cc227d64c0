import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The repository's root, where a user runs `npx parley …` and `npm start`. */
export const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

/** A command started by {@link launch}, and the URL it printed. */
export interface Launched {
  child: ChildProcess;
  url: string;
}

/**
 * Starts `command` from the repository root as a user would, with `env` on top of this
 * process's environment (minus the LiveKit keys, which a test gives explicitly), and resolves
 * once its stdout matches `printed`, whose first group is the URL.
 * @throws Error with what it printed when the command exits first.
 */
export function launch(command: string, args: string[], env: Record<string, string>, printed: RegExp): Promise<Launched> {
  const { LIVEKIT_API_KEY: _key, LIVEKIT_API_SECRET: _secret, ...inherited } = process.env;
  const child = spawn(command, args, { cwd: REPO_ROOT, env: { ...inherited, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stderr!.on('data', (chunk) => (output += chunk));
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk) => {
      output += chunk;
      const url = printed.exec(output)?.[1];
      if (url) resolve({ child, url });
    });
    child.once('exit', (code) => reject(new Error(`${command} exited (${code}) before printing its URL:\n${output}`)));
  });
}
