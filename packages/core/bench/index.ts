/**
 * `npm run bench -w @parley/core`: the segmenter's throughput and lag, and the framer's and the
 * resampler's speed as multiples of real time, one table each.
 */
import { runFramesBench } from './frames.bench.js';
import { runResamplerBench } from './resampler.bench.js';
import { runSegmenterLagBench } from './segmenter-lag.bench.js';
import { runSentencesBench } from './sentences.bench.js';
import { printTable } from '../../../bench/table.js';

printTable('sentences(): segmenter throughput (200 KB of LLM-like markdown)', await runSentencesBench());
printTable('sentences(): how far segments and drafts lag the text (the sample texts, one character at a time)', runSegmenterLagBench());
printTable('frames(): re-chunking 600 s of 24 kHz audio', await runFramesBench());
printTable('resampler: 60 s of audio in 20 ms chunks', await runResamplerBench());
