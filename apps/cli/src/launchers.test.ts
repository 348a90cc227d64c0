import { spawn } from 'node:child_process';
import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { isGone, launchers, processId, watchLaunchers } from './launchers.js';

/** A child process that lives until killed. */
async function sleeper() {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  await new Promise((resolve) => child.once('spawn', resolve));
  return child;
}

describe('launchers', () => {
  it("start with this process's parent, as it is now", () => {
    const chain = launchers();
    expect(chain[0]!.pid).toBe(process.ppid);
    expect(chain.some(isGone)).toBe(false);
  });

  it('tell a process that exited from one that lives', async () => {
    const child = await sleeper();
    const [parent] = launchers(child.pid!);
    expect(parent!.pid).toBe(process.pid);
    const childId = processId(child.pid!)!;
    expect(isGone(childId)).toBe(false);
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    expect(isGone(childId)).toBe(true);
    expect(isGone({ ...childId, startTime: 'another' })).toBe(true); // an id reused by another process
  });

  it('watchLaunchers calls back once a watched process exits, and not before', async () => {
    const child = await sleeper();
    const gone: number[] = [];
    const stop = watchLaunchers((launcher) => gone.push(launcher.pid), [processId(child.pid!)!], 20);
    await delay(100);
    expect(gone).toEqual([]);
    child.kill('SIGKILL');
    await delay(300);
    expect(gone).toEqual([child.pid]);
    stop();
  });
});
