import { AudioFrame } from '@livekit/rtc-node';
import { describe, expect, it } from 'vitest';
import { fromAudioFrame, toAudioFrame } from '../livekit.js';
import { PcmFrame, isTight } from './pcm-frame.js';

describe('PcmFrame', () => {
  it('copies a view into a larger buffer so that its own buffer is tight', () => {
    const big = new Int16Array([9, 9, 1, 2, 3, 4, 9, 9]);
    const view = big.subarray(2, 6);
    const frame = new PcmFrame(view, 24_000);
    expect(frame.data.byteOffset).toBe(0);
    expect(frame.data.buffer.byteLength).toBe(4 * 2);
    expect([...frame.data]).toEqual([1, 2, 3, 4]);
    // The buffer native code reads, from offset 0, holds exactly the frame's samples.
    expect([...new Int16Array(frame.data.buffer)]).toEqual([1, 2, 3, 4]);
  });

  it('wraps an already tight array without copying', () => {
    const samples = new Int16Array([1, 2]);
    expect(new PcmFrame(samples, 16_000).data).toBe(samples);
  });

  it('knows its samples per channel and duration', () => {
    const frame = new PcmFrame(new Int16Array(960), 24_000, 2);
    expect(frame.samplesPerChannel).toBe(480);
    expect(frame.durationMs).toBe(20);
  });

  it('rejects formats that cannot be played', () => {
    expect(() => new PcmFrame(new Int16Array(3), 24_000, 2)).toThrow(/3 samples do not split into 2 channels/);
    expect(() => new PcmFrame(new Int16Array(2), 0)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    expect(() => new PcmFrame(new Int16Array(2), 24_000.5)).toThrow(/sample rate/);
    expect(() => new PcmFrame(new Int16Array(2), 24_000, 0)).toThrow(/channel count/);
  });
});

describe('rtc-node AudioFrame conversion', () => {
  it('hands rtc-node the frame buffer itself, tight', () => {
    const frame = new PcmFrame(new Int16Array([5, -5, 7, -7]), 48_000, 2);
    const audioFrame = toAudioFrame(frame);
    expect(audioFrame).toBeInstanceOf(AudioFrame);
    expect(audioFrame.data.buffer).toBe(frame.data.buffer);
    expect(audioFrame.samplesPerChannel).toBe(2);
    expect(audioFrame.channels).toBe(2);
    expect(audioFrame.sampleRate).toBe(48_000);
  });

  it('turns an AudioFrame that views a larger buffer into a tight PcmFrame', () => {
    const backing = new Int16Array([0, 0, 11, 12, 13, 0]);
    const audioFrame = new AudioFrame(backing.subarray(2, 5), 16_000, 1, 3);
    const frame = fromAudioFrame(audioFrame);
    expect(isTight(frame.data)).toBe(true);
    expect([...frame.data]).toEqual([11, 12, 13]);
    expect(frame.sampleRate).toBe(16_000);
  });
});
