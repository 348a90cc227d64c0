/**
 * What the official speaker encoder computed on the Base reference checkpoints
 * (reference/goldens/speaker-encoder.json, written by `npm run reference`), for
 * official-parity/official-speaker-encoder.test.ts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ReferenceCheckpointName } from '@parley/models';
import { float32FromBase64, pcm16FromBase64 } from './official-goldens.js';

/** The goldens file, at the repository root. */
const GOLDENS_FILE = join(import.meta.dirname, '..', '..', '..', '..', 'reference', 'goldens', 'speaker-encoder.json');

/** One Base checkpoint's speaker embedding of the clip. */
export interface OfficialSpeakerEmbedding {
  readonly checkpoint: ReferenceCheckpointName;
  /** sha256 of the checkpoint's model.safetensors the official code loaded. */
  readonly sha256: string;
  readonly embedding: Float32Array;
}

/** The clip (24 kHz, as the official code read it) and each checkpoint's embedding of it. */
export function readSpeakerEncoderGoldens(): { clip: Float32Array; embeddings: OfficialSpeakerEmbedding[] } {
  const json = JSON.parse(readFileSync(GOLDENS_FILE, 'utf8')) as {
    pcm16_base64: string;
    checkpoints: Record<ReferenceCheckpointName, { model_safetensors_sha256: string; float32_base64: string }>;
  };
  return {
    clip: pcm16FromBase64(json.pcm16_base64),
    embeddings: Object.entries(json.checkpoints).map(([checkpoint, golden]) => ({
      checkpoint: checkpoint as ReferenceCheckpointName,
      sha256: golden.model_safetensors_sha256,
      embedding: float32FromBase64(golden.float32_base64),
    })),
  };
}
