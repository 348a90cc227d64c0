import { from, lastValueFrom, count } from 'rxjs';
import { frames } from '../src/audio/frames.js';
import { PcmFrame } from '../src/audio/pcm-frame.js';
import { median, timeAsyncRuns, type BenchRow } from '../../../bench/table.js';

const SAMPLE_RATE = 24_000;
const AUDIO_SECONDS = 600;

/** The framer's speed as a multiple of real time, for the chunk sizes engines and sockets produce. */
export async function runFramesBench(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  // 1920 samples = one Qwen3-TTS codec frame; 37 = an awkward size that straddles every boundary.
  for (const chunkSamples of [37, 1920, 24_000]) {
    const chunks = makeChunks(chunkSamples);
    for (const frameMs of [10, 20, 40]) {
      const times = await timeAsyncRuns(5, () => lastValueFrom(from(chunks).pipe(frames(frameMs), count())));
      rows.push({
        'input chunk': `${chunkSamples} samples`,
        frame: `${frameMs} ms`,
        'median ms': median(times),
        '× real time': (AUDIO_SECONDS * 1000) / median(times),
      });
    }
  }
  return rows;
}

function makeChunks(chunkSamples: number): PcmFrame[] {
  const total = SAMPLE_RATE * AUDIO_SECONDS;
  const chunks: PcmFrame[] = [];
  for (let at = 0; at < total; at += chunkSamples) {
    chunks.push(new PcmFrame(new Int16Array(Math.min(chunkSamples, total - at)), SAMPLE_RATE));
  }
  return chunks;
}
