import { AudioFrame } from '@livekit/rtc-node';
import { initializeLogger, VADEventType } from '@livekit/agents';
import { lastValueFrom, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { standinDir } from '../testing/standin.js';
import { Qwen3Speech } from '../qwen3-speech.js';
import * as qwen3 from './index.js';

describe('the Silero VAD plugin and parley in one process', () => {
  it('loads both (one onnxruntime-node, through the override) and runs both models', async () => {
    initializeLogger({ pretty: false, level: 'error' });
    const silero = await import('@livekit/agents-plugin-silero');
    const vad = await silero.VAD.load();
    const stream = vad.stream();
    const rate = 16_000;
    for (let i = 0; i < 20; i++) {
      // 10 ms frames of a loud voiced buzz: the VAD runs its model on every full window.
      const data = Int16Array.from({ length: 160 }, (_, j) =>
        Math.round(9000 * Math.sign(Math.sin((2 * Math.PI * 140 * (i * 160 + j)) / rate))),
      );
      stream.pushFrame(new AudioFrame(data, rate, 1, 160));
    }
    const first = await stream.next();
    // endInput() throws in @livekit/agents 1.x (it closes a locked writable); close() ends the stream.
    stream.close();
    expect(first.value).toMatchObject({ type: VADEventType.INFERENCE_DONE }); // Silero's ONNX model ran
    expect(first.value?.probability).toBeGreaterThanOrEqual(0);
    const tts = await Qwen3Speech.load({ model: await standinDir(), threads: 1 });
    const spoken = await lastValueFrom(tts.synthesize('Both in one process.', { seed: 1, maxFrames: 4 }).pipe(toArray()));
    expect(spoken.at(-1)?.type).toBe('done');
    expect(typeof qwen3.TTS).toBe('function'); // the plugin's entry point imported beside Silero
    await tts.close();
  });
});
