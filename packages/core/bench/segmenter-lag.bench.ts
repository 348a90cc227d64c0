import { SentenceSegmenter } from '../src/text/index.js';
import { TEXTS } from '../src/text/testing/sample-texts.js';
import { type BenchRow, median, quantile } from '../../../bench/table.js';

/** Where `text`'s last code point was last fed, at or before `fed − 1`: the source position of a segment's or draft's end. */
function lastFedAt(source: readonly string[], fed: number, text: string): number {
  const last = [...text].at(-1);
  for (let i = fed - 1; i >= 0; i--) if (source[i] === last) return i;
  return fed - 1;
}

/**
 * How far the segmenter lags the text, on the project's segmentation sample texts fed one
 * character at a time: a segment's release lag is the characters that arrived after its last
 * one before it was released (end-of-input releases left out); the draft lag is, at each
 * character, how many characters the certain start of the current segment (`draft()`) is behind
 * the last one fed. The source position of an end is found as its last character's latest
 * occurrence, which is exact for prose and close for markdown.
 */
export function runSegmenterLagBench(): BenchRow[] {
  const release: number[] = [];
  const draft: number[] = [];
  for (const text of TEXTS) {
    const source = [...text];
    const segmenter = new SentenceSegmenter();
    source.forEach((char, i) => {
      for (const segment of segmenter.push(char)) release.push(i - lastFedAt(source, i + 1, segment));
      const current = segmenter.draft();
      if (current !== '') draft.push(i - lastFedAt(source, i + 1, current));
    });
  }
  const row = (name: string, lags: number[]): BenchRow => ({
    case: name,
    n: lags.length,
    median: median(lags),
    p90: quantile(lags, 0.9),
    mean: lags.reduce((a, b) => a + b, 0) / lags.length,
    unit: 'characters',
  });
  return [row('release lag of a segment', release), row('draft lag (the certain start of the segment being built)', draft)];
}
