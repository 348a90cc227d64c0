import { NEVER, Subject, lastValueFrom, of, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { SynthesisGate } from './synthesis-gate.js';

describe('SynthesisGate', () => {
  it('passes a stream through while open', async () => {
    const gate = new SynthesisGate('test engine');
    expect(await lastValueFrom(gate.guard(of(1, 2, 3)).pipe(toArray()))).toEqual([1, 2, 3]);
  });

  it('ends the streams still open with CANCELLED at the close, and unsubscribes their work', () => {
    const gate = new SynthesisGate('test engine');
    const work = new Subject<number>();
    const errors: unknown[] = [];
    gate.guard(work).subscribe({ error: (e) => errors.push(e) });
    gate.guard(NEVER).subscribe({ error: (e) => errors.push(e) });
    expect(work.observed).toBe(true);
    expect(gate.close()).toBe(true);
    expect(errors).toEqual([
      expect.objectContaining({ code: 'CANCELLED', message: 'the test engine was closed' }),
      expect.objectContaining({ code: 'CANCELLED' }),
    ]);
    expect(work.observed).toBe(false);
  });

  it('refuses new streams once closed, without subscribing them; close() reports only the first time', async () => {
    const gate = new SynthesisGate('test engine');
    gate.close();
    const work = new Subject<number>();
    await expect(lastValueFrom(gate.guard(work))).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(work.observed).toBe(false);
    expect([gate.closed, gate.close()]).toEqual([true, false]);
  });
});
