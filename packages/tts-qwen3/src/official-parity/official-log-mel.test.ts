import { describe, expect, it } from 'vitest';
import { logMelSpectrogram } from '../voice-clone/log-mel.js';
import { float32FromBase64, pcm16FromBase64, readGoldens } from '../testing/official-goldens.js';

describe("the speaker encoder's log-mel against the official mel_spectrogram", () => {
  it('is the same [frames, 128] within 1e-4 for a clip of tones and noise', () => {
    const { log_mel: golden } = readGoldens();
    const mel = logMelSpectrogram(pcm16FromBase64(golden.pcm16_base64));
    expect([mel.frames, mel.mels]).toEqual(golden.shape);
    const official = float32FromBase64(golden.float32_base64);
    let error = 0;
    for (let i = 0; i < official.length; i++) error = Math.max(error, Math.abs(official[i]! - mel.data[i]!));
    expect(error).toBeLessThan(1e-4);
  });
});
