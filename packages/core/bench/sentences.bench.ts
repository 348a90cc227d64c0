import { from } from 'rxjs';
import { cleanForSpeech, SentenceSegmenter, sentences, splitSentences } from '../src/text/index.js';
import { type BenchRow, median, timeRuns } from '../../../bench/table.js';

const RUNS = 7;
const TARGET_CHARS = 200_000;

const PARAGRAPHS = [
  '## Getting started\n\nSure! Here is how to set things up. First, install **Node.js v20.1** or later, e.g. from https://nodejs.org/en/download. Then run `npm install` in the project folder. It takes about 30 s on a fast connection... sometimes more.',
  '1. Open the file `config.ts`.\n2. Set `maxChars` to 250, i.e. the default.\n3. Save it and restart the server at 10:30 a.m. or 5 p.m. tomorrow.\n',
  'Dr. Smith and Mrs. Jones reviewed the report (see Fig. 3). They found that prices rose 3.5% to $4.99, which is roughly 1,000.50 per year. "That is surprising," she said. Wait... What does that mean for us? 🤔 Honestly, not much!',
  '> Note: the U.S. version differs from the U.K. one. Contact john.doe@example.co.uk for details.\n\n- [x] Done\n- [ ] Pending review by J. R. R. Tolkien\n',
  'En español: ¿Dónde está la Sra. García? ¡Aquí! Le dijo al Dr. López que llegaría a las 10. 中文也可以：你好。我很好！你呢？Auf Deutsch: Das ist z. B. ein Test usw. Danach geht es weiter.',
  '```ts\nconst x = splitSentences(text);\n```\nThe code above splits text. | Column | Value |\n|---|---|\n| speed | fast |\n\nThat is all 🎉.',
];

/** A long, deterministic, LLM-like markdown text. */
function buildText(): string {
  const parts: string[] = [];
  let length = 0;
  for (let i = 0; length < TARGET_CHARS; i++) {
    const paragraph = PARAGRAPHS[i % PARAGRAPHS.length]!;
    parts.push(paragraph);
    length += paragraph.length + 2;
  }
  return parts.join('\n\n');
}

/** Splits `text` into tokens of 1–6 UTF-16 units with a fixed-seed PRNG (mulberry32). */
function tokenize(text: string): string[] {
  let seed = 0x5eed;
  const random = (): number => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const tokens: string[] = [];
  for (let i = 0; i < text.length;) {
    const size = 1 + Math.floor(random() * 6);
    tokens.push(text.slice(i, i + size));
    i += size;
  }
  return tokens;
}

function row(name: string, chars: number, tokens: number, times: number[], segments: number): BenchRow {
  const ms = median(times);
  return {
    case: name,
    chars,
    tokens,
    segments,
    'median ms': ms,
    'chars/s': Math.round((chars / ms) * 1000),
    'tokens/s': Math.round((tokens / ms) * 1000),
  };
}

/**
 * Throughput of the sentence segmenter on a ~200 KB multi-paragraph LLM-like markdown text:
 * fed token by token (1–6 characters), through the RxJS operator, and as one whole string.
 */
export async function runSentencesBench(): Promise<BenchRow[]> {
  const text = buildText();
  const tokens = tokenize(text);
  let segments = 0;

  const byToken = timeRuns(RUNS, () => {
    const segmenter = new SentenceSegmenter();
    segments = 0;
    for (const token of tokens) segments += segmenter.push(token).length;
    segments += segmenter.end().length;
  });
  const rows = [row('segmenter, tokens of 1-6 chars', text.length, tokens.length, byToken, segments)];

  const operator = timeRuns(RUNS, () => {
    segments = 0;
    from(tokens)
      .pipe(sentences())
      .subscribe(() => segments++);
  });
  rows.push(row('sentences() operator, tokens', text.length, tokens.length, operator, segments));

  const whole = timeRuns(RUNS, () => {
    segments = splitSentences(text).length;
  });
  rows.push(row('splitSentences, whole text', text.length, 1, whole, segments));

  const clean = timeRuns(RUNS, () => {
    segments = cleanForSpeech(text).split('\n').length;
  });
  rows.push(row('cleanForSpeech, whole text', text.length, 1, clean, segments));
  return rows;
}
