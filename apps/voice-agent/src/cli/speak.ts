import { writeFile } from 'node:fs/promises';
import { Observable, lastValueFrom, of, tap } from 'rxjs';
import { wavFromFrames, withSpeechMetrics, type PcmFrame, type SpeechEvent } from '@parley/core';
import { loadEngine } from './engine.js';
import { UsageError, parseCommandLine } from './usage-error.js';

const USAGE = `usage: parley speak [TEXT] [--out FILE] [--engine tone] [--voice V] [--language L] [--seed N]

Speaks TEXT, or stdin as it arrives (pipe an LLM's output in), into a WAV file, and prints
each sentence as it is spoken with its time to first audio and real-time factor.

  --out FILE     where to write the audio (default speech.wav)
  --engine NAME  speech engine (default tone)`;

/** `parley speak`: text (argument or stdin) → WAV file, with per-sentence metrics on stderr. */
export async function speak(argv: string[]): Promise<void> {
  const { values, positionals } = parseCommandLine(
    {
      args: argv,
      allowPositionals: true,
      options: {
        out: { type: 'string', default: 'speech.wav' },
        engine: { type: 'string', default: 'tone' },
        voice: { type: 'string' },
        language: { type: 'string' },
        seed: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    },
    USAGE,
  );
  if (values.help) return console.log(USAGE);
  const input = positionals.length ? of(positionals.join(' ')) : stdinText();
  const { tts, description } = await loadEngine(values.engine);
  console.error(`engine: ${description}`);
  const frames: PcmFrame[] = [];
  const measured = withSpeechMetrics(tts, { onSegment: (m) => console.error(segmentLine(m)) });
  const options = {
    ...(values.voice ? { voice: values.voice } : {}),
    ...(values.language ? { language: values.language } : {}),
    ...(values.seed ? { seed: Number(values.seed) } : {}),
  };
  const done = await lastValueFrom(
    measured.synthesize(input, options).pipe(tap((event) => event.type === 'audio' && frames.push(event.frame))),
    { defaultValue: undefined },
  );
  if (!frames.length) throw new UsageError('nothing to speak: the text has no speakable words');
  await writeFile(values.out, wavFromFrames(frames));
  console.error(summaryLine(values.out, done));
}

function stdinText(): Observable<string> {
  if (process.stdin.isTTY) throw new UsageError(`give the text as an argument or on stdin\n\n${USAGE}`);
  return new Observable<string>((subscriber) => {
    process.stdin.setEncoding('utf8');
    process.stdin.on('data', (chunk: string) => subscriber.next(chunk));
    process.stdin.on('end', () => subscriber.complete());
    process.stdin.on('error', (error) => subscriber.error(error));
  });
}

function segmentLine(m: { index: number; characters: number; ttfaMs: number | undefined; rtf: number | undefined }): string {
  return `  #${m.index}  ${m.characters} chars  first audio ${ms(m.ttfaMs)}  RTF ${m.rtf?.toFixed(2) ?? '-'}`;
}

function summaryLine(file: string, done: SpeechEvent | undefined): string {
  const metrics = done?.type === 'done' ? done.metrics : undefined;
  if (!metrics) return `wrote ${file}`;
  const seconds = (metrics.audioMs / 1000).toFixed(2);
  return `wrote ${file}: ${metrics.segments} sentences, ${seconds} s of audio, first audio after ${ms(metrics.ttfaFromInputMs)}`;
}

function ms(value: number | undefined): string {
  return value === undefined ? '-' : `${Math.round(value)} ms`;
}
