import { constants } from 'node:fs';
import { access, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { Observable, lastValueFrom, of, tap } from 'rxjs';
import { wavFromFrames, withSpeechMetrics, type PcmFrame, type SpeechEvent, type SynthesisOptions, type TextToSpeech } from '@parley/core';
import { ENGINE_OPTIONS, ENGINE_USAGE, loadEngine } from './engine.js';
import { UsageError, parseCommandLine, parseInteger } from './usage-error.js';

const USAGE = `usage: parley speak [TEXT] [--out FILE] [--voice V] [--language L] [--seed N]
                    [--engine E] [--model DIR] [--device D] [--clone-audio FILE [--clone-text T]]

Speaks TEXT, or stdin as it arrives (pipe an LLM's output in), into a WAV file, and prints
each sentence as it is spoken with its time to first audio and real-time factor.

  --out FILE     where to write the audio (default speech.wav)
  --voice V      a voice of the model (CustomVoice speakers, e.g. ryan)
  --language L   auto (default) or a language of the model
  --seed N       the same seed, text and options give the same audio
${ENGINE_USAGE}`;

/** `parley speak`: text (argument or stdin) → WAV file, with per-sentence metrics on stderr. */
export async function speak(argv: string[]): Promise<void> {
  const { values, positionals } = parseCommandLine(
    {
      args: argv,
      allowPositionals: true,
      options: {
        out: { type: 'string', default: 'speech.wav' },
        ...ENGINE_OPTIONS,
        voice: { type: 'string' },
        language: { type: 'string' },
        seed: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    },
    USAGE,
  );
  if (values.help) return console.log(USAGE);
  // Everything the command line can get wrong is checked before a model takes seconds to load.
  const options = {
    ...(values.voice ? { voice: values.voice } : {}),
    ...(values.language ? { language: values.language } : {}),
    ...(values.seed ? { seed: parseInteger('seed', values.seed, 0, 2 ** 32 - 1) } : {}),
  };
  await checkWritable(values.out);
  const input = positionals.length ? of(positionals.join(' ')) : stdinText();
  const engine = await loadEngine(values);
  console.error(`engine: ${engine.description}`);
  try {
    await speakToFile(engine.tts, input, options, values.out);
  } finally {
    await engine.tts.close();
  }
}

/** A `--out` whose folder is missing or read-only fails now, not after the whole text is spoken. */
async function checkWritable(file: string): Promise<void> {
  const folder = dirname(resolve(file));
  try {
    await access(folder, constants.W_OK);
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : 'is not writable';
    throw new UsageError(`--out ${file}: the folder ${folder} ${why}`);
  }
}

async function speakToFile(tts: TextToSpeech, input: Observable<string>, options: SynthesisOptions, out: string): Promise<void> {
  const frames: PcmFrame[] = [];
  const measured = withSpeechMetrics(tts, { onSegment: (m) => console.error(segmentLine(m)) });
  const done = await lastValueFrom(
    measured.synthesize(input, options).pipe(tap((event) => event.type === 'audio' && frames.push(event.frame))),
    { defaultValue: undefined },
  );
  if (!frames.length) throw new UsageError('nothing to speak: the text has no speakable words');
  await writeFile(out, wavFromFrames(frames));
  console.error(summaryLine(out, done));
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
  return `wrote ${file}: ${metrics.segments} sentence${metrics.segments === 1 ? '' : 's'}, ${seconds} s of audio, first audio after ${ms(metrics.ttfaFromInputMs)}`;
}

function ms(value: number | undefined): string {
  return value === undefined ? '-' : `${Math.round(value)} ms`;
}
