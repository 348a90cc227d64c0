import { ParleyError } from '@parley/core';

/**
 * The two deadlines that keep a speech socket from holding a session slot for nothing:
 *
 * - until the session is configured, `configTimeoutMs` from the connection (nothing else resets
 *   it: a socket that never configures is gone after it, whatever it sends);
 * - then `idleTimeoutMs` without activity — a message the session accepted, or an engine event.
 *   A refused message is not activity, so garbage every few seconds does not keep a slot.
 *
 * When one passes, `onExpire` gets a CANCELLED error saying which.
 */
export class SessionClock {
  private lastActivity: number;
  private configured = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly limits: { configTimeoutMs: number; idleTimeoutMs: number },
    private readonly onExpire: (error: ParleyError) => void,
    private readonly now: () => number = Date.now,
  ) {
    this.lastActivity = now();
    this.arm(limits.configTimeoutMs);
  }

  /** The session took its first config: from now on, the idle deadline. */
  configure(): void {
    if (this.configured) return;
    this.configured = true;
    this.activity();
    clearTimeout(this.timer);
    this.arm(this.limits.idleTimeoutMs);
  }

  /** Something happened: the idle deadline starts again (once configured). */
  activity(): void {
    this.lastActivity = this.now();
  }

  /** Stops the clock for good. */
  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private arm(delayMs: number): void {
    this.timer = setTimeout(() => this.check(), delayMs);
    this.timer.unref();
  }

  private check(): void {
    if (!this.configured) {
      return this.onExpire(new ParleyError('CANCELLED', `no session.config within ${this.limits.configTimeoutMs} ms`));
    }
    const quiet = this.now() - this.lastActivity;
    if (quiet < this.limits.idleTimeoutMs) return this.arm(this.limits.idleTimeoutMs - quiet);
    this.onExpire(new ParleyError('CANCELLED', `idle timeout: nothing happened for ${this.limits.idleTimeoutMs} ms`));
  }
}
