import { ParleyError } from '@parley/core';

/**
 * Counts speech sessions (WebSocket and REST together) against a maximum. One engine serves
 * them all, so past the maximum a new session would only slow every other one down: it is
 * refused with OVERLOADED (HTTP 429, WS close 4429), which clients may retry.
 */
export class SessionSlots {
  private used = 0;

  constructor(private readonly max: number) {}

  /** Sessions running now. */
  get active(): number {
    return this.used;
  }

  /**
   * Takes a slot; call the returned function (idempotent) to give it back.
   * @throws ParleyError OVERLOADED when all slots are taken.
   */
  acquire(): () => void {
    if (this.used >= this.max) {
      throw new ParleyError('OVERLOADED', `too many speech sessions (${this.max}): try again shortly`);
    }
    this.used++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.used--;
    };
  }
}
