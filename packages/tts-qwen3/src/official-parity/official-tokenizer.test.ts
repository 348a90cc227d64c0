import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QWEN2_SPLIT_REGEX } from '../tokenizer/qwen2-tokenizer-json.js';
import { bundledTokenizer, loadTokenizer, type TextTokenizer } from '../tokenizer/text-tokenizer.js';
import { readGoldens, referenceModel, type ReferenceModel } from '../testing/official-goldens.js';

const goldens = readGoldens();
let reference: ReferenceModel;
let fromFiles: TextTokenizer;
beforeAll(async () => {
  reference = await referenceModel('cv-0b6');
  fromFiles = loadTokenizer(reference.model);
});
afterAll(() => reference.remove());

describe('the text tokenizer against the official processor', () => {
  it('gives the official ids for every corpus text (CJK, emoji, numbers, URLs, mixed case), from the checkpoint files and bundled', () => {
    expect(fromFiles.source).toBe('model-files');
    for (const { text, hub } of goldens.tokenizer.ids) {
      expect(fromFiles.encode(text), text).toEqual(hub);
      if (!text.includes('<tts_pad>')) expect(bundledTokenizer().encode(text), text).toEqual(hub);
    }
  });

  it("uses Qwen2's pre-tokenizer, as the official processor does loaded by hub id; loaded from a folder it splits at case changes instead", () => {
    expect(goldens.tokenizer.hub_regex).toBe(QWEN2_SPLIT_REGEX);
    expect(goldens.tokenizer.local_regex).not.toBe(QWEN2_SPLIT_REGEX);
    const differing = goldens.tokenizer.ids.filter(({ local, hub }) => local.join() !== hub.join()).map(({ text }) => text);
    expect(differing).toEqual(['camelCaseWords and iPhone', "McDonald's HTTPServer XMLHttpRequest"]);
  });
});
