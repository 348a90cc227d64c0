import { readFileSync } from 'node:fs';

/** One process, as /proc tells it: its id and the clock tick it started at (so a reused id is not mistaken for it). */
export interface ProcessId {
  pid: number;
  startTime: string;
}

/** What /proc/<pid>/stat says about a process that is still alive; undefined once it is gone. */
interface ProcStat extends ProcessId {
  ppid: number;
}

/** npm puts this in the environment of everything it runs (npm run, npm start, npm exec, npx). */
const STARTED_BY_NPM = 'npm_command=';

/**
 * The processes this one depends on to be told when to stop: its parent, and, for as long as
 * each was itself started by npm, the next one up — ending with the npm or npx the user ran.
 *
 * `npx parley serve` runs npm → sh → the `parley` bin → this process, and `npm start` has two
 * npms and two shells in the chain. A SIGTERM sent to the npm the user started (Docker,
 * supervisord, `kill $!`) kills npm and its shell but is not passed on, and leaves this process
 * serving. Watching the chain (see {@link watchLaunchers}) turns that exit into a shutdown. A
 * process started without npm (the bin run directly, by systemd say) depends on its parent only.
 *
 * Linux only (it reads /proc): elsewhere the list is just the parent, without its start time.
 */
export function launchers(pid = process.pid): ProcessId[] {
  const self = procStat(pid);
  if (!self) return [{ pid: process.ppid, startTime: '' }];
  const chain: ProcessId[] = [];
  // The parent always counts; a grandparent only when the parent was started by npm, and so on.
  for (let child = self; chain.length === 0 || hasNpmEnvironment(child.pid);) {
    const parent = procStat(child.ppid);
    if (!parent || parent.pid <= 1) break;
    chain.push({ pid: parent.pid, startTime: parent.startTime });
    child = parent;
  }
  return chain;
}

/** `pid` as a {@link ProcessId}, or undefined when no such process lives (or /proc is absent). */
export function processId(pid: number): ProcessId | undefined {
  const stat = procStat(pid);
  return stat && { pid, startTime: stat.startTime };
}

/** Whether `launcher` has exited (or is a zombie, or its id now names another process). */
export function isGone(launcher: ProcessId): boolean {
  if (launcher.startTime === '') return process.ppid !== launcher.pid;
  const now = procStat(launcher.pid);
  return now === undefined || now.startTime !== launcher.startTime;
}

/**
 * Calls `onGone` (once) with the first of `watched` (default {@link launchers}) found gone,
 * checking every `intervalMs`; returns a function that stops watching. The timer does not keep
 * the process alive.
 */
export function watchLaunchers(onGone: (launcher: ProcessId) => void, watched = launchers(), intervalMs = 500): () => void {
  const timer = setInterval(() => {
    const gone = watched.find(isGone);
    if (!gone) return;
    clearInterval(timer);
    onGone(gone);
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

function procStat(pid: number): ProcStat | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // "pid (comm) state ppid ... starttime(22nd)": comm may hold spaces and parentheses.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  if (fields[0] === 'Z' || fields[0] === 'X') return undefined;
  return { pid, ppid: Number(fields[1]), startTime: fields[19] ?? '' };
}

function hasNpmEnvironment(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/environ`, 'utf8')
      .split('\0')
      .some((entry) => entry.startsWith(STARTED_BY_NPM));
  } catch {
    return false;
  }
}
