/**
 * What the official `qwen-tts` package computed on the reference checkpoints
 * (reference/goldens/official.json, written by `npm run reference`), and the same checkpoints
 * made again here, converted into the parley layout, for the parity tests beside this file.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { convertCheckpoint, ensureStandinModel, writeReferenceCheckpoint, type ReferenceCheckpointName } from '@parley/models';
import type { WeightPrecision } from '@parley/qwen3-contract';
import type { Qwen3Model } from '../model/load-model.js';
import { resolveSynthesisOptions, type Qwen3SynthesisOptions } from '../synthesis/options.js';
import { synthesizeText, type SynthesisRuntime } from '../synthesis/synthesize-text.js';
import { loadTokenizer } from '../tokenizer/text-tokenizer.js';
import type { PreparedReference, ReferencePreparer } from '../voice-clone/prepared-reference.js';
import { referenceFrameEmbeds } from '../voice-clone/reference-codes.js';

/** The goldens file, at the repository root. */
const GOLDENS_FILE = join(import.meta.dirname, '..', '..', '..', '..', 'reference', 'goldens', 'official.json');

/** One generation the official code ran. */
export interface OfficialCase {
  readonly name: string;
  readonly checkpoint: ReferenceCheckpointName;
  readonly text: string;
  readonly speaker?: string;
  readonly language: string;
  readonly instruction?: string;
  readonly non_streaming: boolean;
  readonly repetition_penalty: number;
  readonly max_new_tokens: number;
  readonly prompt_ids: number[];
  readonly instruction_ids: number[] | null;
  readonly clone: {
    mode: 'icl' | 'x-vector';
    text?: string;
    speaker_embedding: number[];
    codes: number[][] | null;
    ref_ids: number[] | null;
  } | null;
  readonly first_logits: number[];
  readonly frames: number[][];
}

/** The whole goldens file. */
export interface OfficialGoldens {
  readonly provenance: Record<string, string>;
  readonly checkpoints: Record<ReferenceCheckpointName, { model_safetensors_sha256: string }>;
  readonly cases: OfficialCase[];
  readonly tokenizer: { class: string; local_regex: string; hub_regex: string; ids: { text: string; local: number[]; hub: number[] }[] };
  readonly log_mel: { pcm16_base64: string; shape: [number, number]; float32_base64: string };
}

/** The goldens, parsed. */
export function readGoldens(): OfficialGoldens {
  return JSON.parse(readFileSync(GOLDENS_FILE, 'utf8')) as OfficialGoldens;
}

/** A reference checkpoint written again and converted; `remove()` deletes both. */
export interface ReferenceModel {
  readonly checkpoint: string;
  readonly model: string;
  /** sha256 of the checkpoint's model.safetensors: equal to the goldens' when they are current. */
  readonly sha256: string;
  remove(): void;
}

/** Writes reference checkpoint `name` and converts it (at `precision`, with the stand-in's codec graphs). */
export async function referenceModel(name: ReferenceCheckpointName, precision: WeightPrecision = 'fp32'): Promise<ReferenceModel> {
  const root = mkdtempSync(join(tmpdir(), `parley-official-${name}-`));
  const checkpoint = join(root, 'checkpoint');
  await writeReferenceCheckpoint(name, checkpoint);
  const model = join(root, 'model');
  await convertCheckpoint({ checkpointDir: checkpoint, outDir: model, codecDir: await ensureStandinModel(), precision });
  const sha256 = createHash('sha256')
    .update(readFileSync(join(checkpoint, 'model.safetensors')))
    .digest('hex');
  return { checkpoint, model, sha256, remove: () => rmSync(root, { recursive: true, force: true }) };
}

/** float32 values from base64. */
export function float32FromBase64(text: string): Float32Array {
  const bytes = Buffer.from(text, 'base64');
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

/** int16 samples from base64, as floats in [-1, 1) the way the official code reads them (÷ 32768). */
export function pcm16FromBase64(text: string): Float32Array {
  const bytes = Buffer.from(text, 'base64');
  const pcm = new Int16Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  return Float32Array.from(pcm, (sample) => sample / 32768);
}

/**
 * The case's options in parley's terms: greedy everywhere, the official `max_new_tokens` N as
 * N − 1 frames (the official loop's last token is never a frame), its text mode and penalty.
 */
function optionsOf(c: OfficialCase): Qwen3SynthesisOptions {
  return {
    doSample: false,
    subCodes: { doSample: false },
    repetitionPenalty: c.repetition_penalty,
    maxFrames: c.max_new_tokens - 1,
    streamingText: !c.non_streaming,
    language: c.language,
    ...(c.speaker ? { voice: c.speaker } : {}),
    ...(c.instruction ? { instruction: c.instruction } : {}),
    // The reference recording is a placeholder: the case's own speaker vector and codes stand in for the encoders' output.
    ...(c.clone
      ? {
          clone: {
            audio: new Float32Array(24_000),
            sampleRate: 24_000,
            mode: c.clone.mode,
            ...(c.clone.text ? { text: c.clone.text } : {}),
          },
        }
      : {}),
  };
}

/** Gives a Base case the speaker vector and reference codes the official run was given, bypassing the encoders. */
function givenReference(c: OfficialCase): ReferencePreparer {
  return {
    async prepare(model): Promise<PreparedReference> {
      const codes = (c.clone?.codes ?? []).map((frame) => Int32Array.from(frame));
      return {
        speaker: Float32Array.from(c.clone!.speaker_embedding),
        codes,
        frameEmbeds: await referenceFrameEmbeds(model.graphs, codes, model.sizes.hidden),
      };
    },
  };
}

/** One case on `model`, as the official run did it: its frames' codes and the talker's first logits. */
export async function runOfficialCase(model: Qwen3Model, c: OfficialCase): Promise<{ frames: number[][]; firstLogits: Float32Array }> {
  const runtime: SynthesisRuntime = { model, tokenizer: loadTokenizer(model.dir), ...(c.clone ? { references: givenReference(c) } : {}) };
  const options = resolveSynthesisOptions(optionsOf(c), model.config, () => 1);
  const frames: number[][] = [];
  const logits: Float32Array[] = [];
  const trace = {
    onTalkerRun: (_input: Float32Array | undefined, step: Float32Array) => void (logits.length === 0 && logits.push(step.slice())),
  };
  const audio = synthesizeText(runtime, c.text, options, undefined, { trace, onFrame: (codes) => frames.push(Array.from(codes)) });
  for (let step = await audio.next(); !step.done; step = await audio.next());
  return { frames, firstLogits: logits[0]! };
}
