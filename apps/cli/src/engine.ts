import { existsSync } from 'node:fs';
import { ToneSpeech, type TextToSpeech } from '@parley/core';
import { ensureStandinModel } from '@parley/models';
import { Qwen3Speech, parseDevice, speechRequestOptions, type Device } from '@parley/tts-qwen3';
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
  /** A model directory, or `standin` for the random-weight stand-in. */
  model: string;
  device: string;
}

/** The engines the CLI can run. */
const ENGINES = ['qwen3', 'tone'] as const;

/** The engine options every command shares, for `util.parseArgs`. */
export const ENGINE_OPTIONS = {
  engine: { type: 'string', default: 'qwen3' },
  model: { type: 'string', default: process.env.PARLEY_MODEL ?? 'standin' },
  device: { type: 'string', default: 'cpu' },
} as const;

/** The engine options' help lines. */
export const ENGINE_USAGE = `  --engine NAME  qwen3 (default) or tone (a beep per sentence, no model)
  --model DIR    a Qwen3-TTS model directory (ONNX layout), or "standin" (default, or
                 $PARLEY_MODEL): a random-weight model with the real layout that makes noise
  --device D     cpu (default); webgpu: the GPU through Vulkan, Metal or D3D12 (no CUDA
                 needed; the KV caches stay on it); cuda or cuda:N (needs npm run setup:cuda)`;

/** Loads the engine the command line names. */
export async function loadEngine(choice: EngineChoice): Promise<LoadedEngine> {
  if (choice.engine === 'tone') {
    const tts = new ToneSpeech({ realTimeFactor: 0.1 });
    return { tts, description: 'tone (no model: one beep per sentence)' };
  }
  if (choice.engine !== 'qwen3') {
    throw new UsageError(`unknown engine "${choice.engine}"; choose one of: ${ENGINES.join(', ')}`);
  }
  if (!parseDevice(choice.device)) {
    throw new UsageError(`unknown device "${choice.device}"; choose cpu, webgpu, cuda or cuda:N`);
  }
  const standin = choice.model === 'standin' && !existsSync(choice.model);
  const model = standin ? await ensureStandinModel() : choice.model;
  const tts = await Qwen3Speech.load({ model, device: choice.device as Device });
  const which = standin ? 'the random-weight stand-in (noise, not speech: no real model configured)' : model;
  const { layout, precision, kvCache, device } = tts.info;
  const cache = device === 'cpu' ? '' : `, KV cache in ${kvCache === 'device' ? 'GPU' : 'host'} memory`;
  return {
    tts,
    description: `qwen3 on ${device} (${layout} layout, ${precision}${cache}), model ${which}`,
    synthesisOptions: speechRequestOptions,
  };
}
