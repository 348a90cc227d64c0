import { PcmFrame } from '@parley/core';
import { expect, test } from 'vitest';
import { ReportedOutput } from './reported-output.js';

const RATE = 24_000;
const second = () => new PcmFrame(new Int16Array(RATE), RATE);

/** An output on a hand-moved clock, with what it sent to the page. */
function outputOnClock() {
  const clock = { ms: 0 };
  const sent = { frames: 0, clears: 0 };
  const output = new ReportedOutput(
    RATE,
    () => sent.frames++,
    () => sent.clears++,
    () => clock.ms,
  );
  return { output, clock, sent };
}

test('before any report the playhead is the clock estimate', () => {
  const { output, clock, sent } = outputOnClock();
  output.write(second());
  clock.ms = 250;
  expect(output.playheadSamples).toBe(6_000);
  expect(sent.frames).toBe(1);
});

test('a report replaces the clock: a page that lags its jitter buffer is believed', () => {
  const { output, clock } = outputOnClock();
  output.write(second());
  clock.ms = 500;
  output.report(2_400, 0); // the page played 100 ms of it so far
  expect(output.playheadSamples).toBe(2_400);
});

test('between reports the playhead moves on at real time, but never past what the page buffered', () => {
  const { output, clock } = outputOnClock();
  output.write(second());
  output.report(1_000, 3_000);
  clock.ms = 50;
  expect(output.playheadSamples).toBe(2_200);
  clock.ms = 400;
  expect(output.playheadSamples).toBe(4_000);
});

test('a stale report gives way to the clock estimate, so a silent page cannot stall a reply', () => {
  const { output, clock } = outputOnClock();
  output.write(second());
  output.report(100, 0);
  clock.ms = 1_500;
  expect(output.playheadSamples).toBe(RATE);
});

test('after a clear, late reports from before it cannot move the playhead back', () => {
  const { output, clock, sent } = outputOnClock();
  output.write(second());
  clock.ms = 100;
  output.clear();
  expect(sent.clears).toBe(1);
  output.report(2_000, 20_000); // sent by the page before it saw the clear
  expect(output.playheadSamples).toBe(RATE);
  output.write(second());
  output.report(RATE + 480, 0);
  expect(output.playheadSamples).toBe(RATE + 480);
});
