import { describe, expect, it } from 'vitest';
import { chunkPlanProblem, nextWindow, type ChunkPlan, type DecodeWindow } from './chunk-plan.js';

const plan: ChunkPlan = { initialChunkFrames: 4, chunkFrames: 25, leftContextFrames: 50 };

/** Every window decoded while `total` frames arrive one by one, then the flush. */
function windows(p: ChunkPlan, total: number): DecodeWindow[] {
  const out: DecodeWindow[] = [];
  let emitted = 0;
  const drain = (available: number, final: boolean) => {
    for (let w = nextWindow(p, emitted, available, final); w; w = nextWindow(p, emitted, available, final)) {
      out.push(w);
      emitted = w.end;
    }
  };
  for (let available = 1; available <= total; available++) drain(available, false);
  drain(total, true);
  return out;
}

describe('nextWindow', () => {
  it('emits the first chunk after initialChunkFrames, then chunks that double up to chunkFrames, then the rest', () => {
    expect(windows(plan, 90).map((w) => [w.start, w.end])).toEqual([
      [0, 4],
      [4, 8],
      [8, 16],
      [16, 32],
      [32, 57],
      [57, 82],
      [82, 90],
    ]);
    // Each later chunk is at most as long as the audio already sent: it is ready before that has played.
    for (const w of windows(plan, 90).slice(1)) expect(w.end - w.start).toBeLessThanOrEqual(w.start);
  });

  it('keeps a first chunk longer than chunkFrames to itself: later chunks are chunkFrames at most', () => {
    expect(windows({ ...plan, initialChunkFrames: 30, chunkFrames: 10 }, 50).map((w) => w.end - w.start)).toEqual([30, 10, 10]);
  });

  it('decodes each chunk with up to leftContextFrames of context, capped by what exists', () => {
    expect(windows(plan, 110).map((w) => w.contextStart)).toEqual([0, 0, 0, 0, 0, 7, 32, 57]);
  });

  it('emits nothing before the first chunk is full unless generation ended', () => {
    expect(nextWindow(plan, 0, 3, false)).toBeUndefined();
    expect(nextWindow(plan, 0, 3, true)).toEqual({ contextStart: 0, start: 0, end: 3 });
    expect(nextWindow(plan, 3, 3, true)).toBeUndefined();
  });

  it('validates a plan: positive chunks, and never more than 1024 frames a decode', () => {
    expect(chunkPlanProblem(plan)).toBeUndefined();
    expect(chunkPlanProblem({ ...plan, initialChunkFrames: 0 })).toMatch(/initialCodecChunkFrames/);
    expect(chunkPlanProblem({ ...plan, leftContextFrames: 1000 })).toMatch(/≤ 1024/);
  });
});
