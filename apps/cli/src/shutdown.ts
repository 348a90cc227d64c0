import { watchLaunchers } from './launchers.js';

/** The signals that ask a parley command to stop. */
const SIGNALS = ['SIGTERM', 'SIGINT', 'SIGHUP'] as const;

/**
 * How long a graceful close may take before the process exits anyway: the speech server's own
 * close is bounded at 2 s, engines and workers take well under a second more.
 */
const FORCE_EXIT_MS = 10_000;

/**
 * Runs `close` once, when the command is asked to stop: SIGTERM, SIGINT or SIGHUP, or the exit
 * of a process that started it (see `launchers`: under `npx parley …` or `npm start`, a signal
 * sent to npm stops npm but never reaches this process). Signals that arrive while closing
 * (Ctrl-C reaches both the `parley` bin and this process) change nothing; if the close has not
 * let the process exit after {@link FORCE_EXIT_MS}, it exits with status 1.
 * @returns the same shutdown, for a command that must stop for a reason of its own.
 */
export function closeOnShutdown(close: () => Promise<unknown>): () => void {
  let closing = false;
  const shutDown = (): void => {
    if (closing) return;
    closing = true;
    stopWatching();
    setTimeout(() => {
      console.error(`parley: still closing after ${FORCE_EXIT_MS} ms: exiting`);
      process.exit(1);
    }, FORCE_EXIT_MS).unref();
    close().catch((error: unknown) => {
      console.error('parley: closing failed', error);
      process.exitCode = 1;
    });
  };
  for (const signal of SIGNALS) process.on(signal, shutDown);
  const stopWatching = watchLaunchers((launcher) => {
    console.error(`parley: the process that started this one (pid ${launcher.pid}) exited: closing`);
    shutDown();
  });
  return shutDown;
}
