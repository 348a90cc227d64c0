import { PcmFrame } from '@parley/core';
import { expect, test } from 'vitest';
import { ReportedSink } from './reported-sink.js';

const RATE = 24_000;
const second = () => new PcmFrame(new Int16Array(RATE), RATE);

/** A sink on a hand-moved clock, with what it sent to the page. */
function sinkOnClock() {
  const clock = { ms: 0 };
  const sent = { frames: 0, clears: 0 };
  const sink = new ReportedSink(RATE, () => sent.frames++, () => sent.clears++, () => clock.ms);
  return { sink, clock, sent };
}

test('before any report the playhead is the clock estimate', () => {
  const { sink, clock, sent } = sinkOnClock();
  sink.write(second());
  clock.ms = 250;
  expect(sink.playheadSamples).toBe(6_000);
  expect(sent.frames).toBe(1);
});

test('a report replaces the clock: a page that lags its jitter buffer is believed', () => {
  const { sink, clock } = sinkOnClock();
  sink.write(second());
  clock.ms = 500;
  sink.report(2_400, 0); // the page played 100 ms of it so far
  expect(sink.playheadSamples).toBe(2_400);
});

test('between reports the playhead moves on at real time, but never past what the page buffered', () => {
  const { sink, clock } = sinkOnClock();
  sink.write(second());
  sink.report(1_000, 3_000);
  clock.ms = 50;
  expect(sink.playheadSamples).toBe(2_200);
  clock.ms = 400;
  expect(sink.playheadSamples).toBe(4_000);
});

test('a stale report gives way to the clock estimate, so a silent page cannot stall a reply', () => {
  const { sink, clock } = sinkOnClock();
  sink.write(second());
  sink.report(100, 0);
  clock.ms = 1_500;
  expect(sink.playheadSamples).toBe(RATE);
});

test('after a clear, late reports from before it cannot move the playhead back', () => {
  const { sink, clock, sent } = sinkOnClock();
  sink.write(second());
  clock.ms = 100;
  sink.clear();
  expect(sent.clears).toBe(1);
  sink.report(2_000, 20_000); // sent by the page before it saw the clear
  expect(sink.playheadSamples).toBe(RATE);
  sink.write(second());
  sink.report(RATE + 480, 0);
  expect(sink.playheadSamples).toBe(RATE + 480);
});
