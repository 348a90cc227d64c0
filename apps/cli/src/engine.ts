import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { ToneSpeech, type TextToSpeech } from '@parley/core';
import { ensureStandinModel } from '@parley/models';
import { Qwen3Speech, parseDevice, speechRequestOptions, type Device, type VoiceCloneOptions } from '@parley/tts-qwen3';
import type { SynthesisOptionsMapper } from '@parley/transport-ws';
import { UsageError } from './usage-error.js';

/** A loaded engine (let go of with `tts.close()`) and a line that tells the user which one it is. */
export interface LoadedEngine {
  tts: TextToSpeech;
  description: string;
  /** What a speech request's fields mean to this engine; absent: the server's default. */
  synthesisOptions?: SynthesisOptionsMapper;
}

/** What the command line says about the engine. */
export interface EngineChoice {
  /** `qwen3` (default) or `tone`. */
  engine: string;
  /** A model directory, or `standin` for the random-weight stand-in; default `$PARLEY_MODEL`, else `standin`. */
  model?: string | undefined;
  /** Default `cpu`. */
  device?: string | undefined;
  /** A WAV file of the voice to clone (Base models): its speaker vector, and with `cloneText` ICL. */
  'clone-audio'?: string | undefined;
  /** What is said in `clone-audio`. */
  'clone-text'?: string | undefined;
}

/** The engines the CLI can run. */
const ENGINES = ['qwen3', 'tone'] as const;

/** The engine options every command shares, for `util.parseArgs`. */
export const ENGINE_OPTIONS = {
  engine: { type: 'string', default: 'qwen3' },
  model: { type: 'string' },
  device: { type: 'string' },
  'clone-audio': { type: 'string' },
  'clone-text': { type: 'string' },
} as const;

/** The engine options' help lines. */
export const ENGINE_USAGE = `  --engine NAME  qwen3 (default) or tone (a beep per sentence, no model)
  --model DIR    a Qwen3-TTS model directory (ONNX layout), or "standin" (default, or
                 $PARLEY_MODEL): a random-weight model with the real layout that makes noise
  --device D     cpu (default); webgpu: the GPU through Vulkan, Metal or D3D12 (no CUDA
                 needed; the KV caches stay on it); cuda or cuda:N (needs npm run setup:cuda)
  --clone-audio FILE  speak in the voice of this WAV (1-30 s; Base models, and the stand-in
                 becomes a Base one): x-vector cloning, or ICL with --clone-text
  --clone-text TEXT   what is said in --clone-audio`;

/** Loads the engine the command line names. */
export async function loadEngine(choice: EngineChoice): Promise<LoadedEngine> {
  if (choice.engine === 'tone') return toneEngine(choice);
  if (choice.engine !== 'qwen3') {
    throw new UsageError(`unknown engine "${choice.engine}"; choose one of: ${ENGINES.join(', ')}`);
  }
  const device = choice.device ?? 'cpu';
  if (!parseDevice(device)) throw new UsageError(`unknown device "${device}"; choose cpu, webgpu, cuda or cuda:N`);
  const clone = await cloneDefaults(choice);
  const named = choice.model ?? process.env.PARLEY_MODEL ?? 'standin';
  const standin = named === 'standin' && !existsSync(named);
  const model = standin ? await ensureStandinModel(undefined, clone ? { modelType: 'base' } : {}) : named;
  const defaults = { ...(standin ? { maxFrames: STANDIN_MAX_FRAMES } : {}), ...(clone ? { clone } : {}) };
  const tts = await Qwen3Speech.load({ model, device: device as Device, defaults });
  return { tts, description: describe(tts, standin ? STANDIN_DESCRIPTION : model, clone), synthesisOptions: speechRequestOptions };
}

/**
 * The stand-in's random weights rarely say EOS, so each segment would play noise up to the frame
 * cap (0.4 s a character). 3 s a segment still takes every path: several decoder chunks, the
 * queue, barge-in.
 */
const STANDIN_MAX_FRAMES = 37;

const STANDIN_DESCRIPTION = 'the random-weight stand-in (quiet noise, not speech, at most 3 s a sentence: no real model configured)';

/** The tone engine runs no model: a model, device or voice to clone given with it would be ignored, so it is refused. */
function toneEngine(choice: EngineChoice): LoadedEngine {
  const ignored = (['model', 'device', 'clone-audio', 'clone-text'] as const).filter((option) => choice[option] !== undefined);
  if (ignored.length)
    throw new UsageError(`--engine tone runs no model, so ${ignored.map((o) => `--${o}`).join(' and ')} would be ignored`);
  return { tts: new ToneSpeech({ realTimeFactor: 0.1 }), description: 'tone (no model: one beep per sentence)' };
}

/** The clone every request defaults to, from `--clone-audio` (and `--clone-text`), read before any model loads. */
async function cloneDefaults(choice: EngineChoice): Promise<VoiceCloneOptions | undefined> {
  const file = choice['clone-audio'];
  if (file === undefined) {
    if (choice['clone-text'] !== undefined) throw new UsageError('--clone-text goes with --clone-audio');
    return undefined;
  }
  const audio = await readFile(file).catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(`--clone-audio ${file}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`);
  });
  const text = choice['clone-text'];
  return text === undefined ? { audio, mode: 'x-vector' } : { audio, text, mode: 'icl' };
}

function describe(tts: Qwen3Speech, model: string, clone: VoiceCloneOptions | undefined): string {
  const { layout, precision, kvCache, device } = tts.info;
  const cache = device === 'cpu' ? '' : `, KV cache in ${kvCache === 'device' ? 'GPU' : 'host'} memory`;
  const voice = clone ? `, voice cloned from the reference (${clone.mode})` : '';
  return `qwen3 on ${device} (${layout} layout, ${precision}${cache}), model ${model}${voice}`;
}
