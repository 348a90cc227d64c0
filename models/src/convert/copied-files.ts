import { copyFileSync, existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ParleyError } from '@parley/core';
import type { CommunityGraphName } from '@parley/qwen3-contract';

/** A file the converter copies rather than builds. */
export interface FileToCopy {
  /** Its name in both directories. */
  readonly file: string;
  readonly from: string;
}

/**
 * The community graphs the converter copies when it cannot build them, in the order copied: the
 * codec decoder when the checkpoint has no `speech_tokenizer/`, the speaker encoder when it has
 * no `speaker_encoder.*` weights (only Base checkpoints do), and always the codec encoder (another
 * architecture from the stand-in's). Only the codec decoder is required: CustomVoice needs
 * neither encoder (docs/model.md#voice-cloning).
 */
const COPIED_GRAPHS: ReadonlyArray<{ readonly name: CommunityGraphName; readonly required: boolean }> = [
  { name: 'tokenizer12hz_decode', required: true },
  { name: 'speaker_encoder', required: false },
  { name: 'tokenizer12hz_encode', required: false },
];

/** Tokenizer files of the official checkpoint, copied when present (docs/model.md#tokenizer). */
const TOKENIZER_FILES = ['vocab.json', 'merges.txt', 'tokenizer.json', 'tokenizer_config.json'];

/**
 * What to copy into the converted directory: of the codec decoder (required), speaker encoder
 * and codec encoder, those not in `built` (the graphs built from the checkpoint), each with its
 * `.onnx.data` side file when there is one, from `codecDir` or, without it, from the checkpoint
 * directory; then `config.json` and the tokenizer files the checkpoint has. Throws
 * `INVALID_INPUT` when the decoder is neither built nor found.
 */
export function filesToCopy(checkpointDir: string, codecDir: string | undefined, built: readonly string[] = []): FileToCopy[] {
  const graphDir = codecDir ?? checkpointDir;
  if (codecDir !== undefined && !isDirectory(codecDir))
    throw new ParleyError('INVALID_INPUT', `codec directory ${codecDir} does not exist`);
  const files: FileToCopy[] = [];
  for (const { name, required } of COPIED_GRAPHS) {
    if (built.includes(name)) continue;
    const file = `${name}.onnx`;
    if (!existsSync(join(graphDir, file))) {
      if (required) throw missingDecoder(checkpointDir, codecDir);
      continue;
    }
    files.push({ file, from: graphDir });
    if (existsSync(join(graphDir, `${file}.data`))) files.push({ file: `${file}.data`, from: graphDir });
  }
  for (const file of ['config.json', ...TOKENIZER_FILES])
    if (existsSync(join(checkpointDir, file))) files.push({ file, from: checkpointDir });
  return files;
}

function missingDecoder(checkpointDir: string, codecDir: string | undefined): ParleyError {
  const where =
    codecDir === undefined
      ? `the checkpoint directory ${checkpointDir} has none; pass --codec DIR,`
      : `${codecDir} has none; --codec must be`;
  const community = 'a community-layout model directory (e.g. one that "parley models fetch" downloaded)';
  return new ParleyError(
    'INVALID_INPUT',
    `tokenizer12hz_decode.onnx (the codec decoder, built only from a checkpoint's speech_tokenizer/, which this one lacks) is required: ${where} ${community}`,
  );
}

/** Copies `file` into `outDir` (nothing to do when it is already there, e.g. outDir is the source); returns its size. */
export function copyInto(outDir: string, { file, from }: FileToCopy): number {
  const source = join(from, file);
  const target = join(outDir, file);
  if (resolve(source) !== resolve(target)) copyFileSync(source, target);
  return statSync(target).size;
}

/** Whether `path` is an existing directory. */
export function isDirectory(path: string): boolean {
  return existsSync(path) && statSync(path).isDirectory();
}
