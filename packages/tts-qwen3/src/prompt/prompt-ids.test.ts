import { describe, expect, it, vi } from 'vitest';
import { bundledTokenizer } from '../tokenizer/text-tokenizer.js';
import { promptIds, referenceTextIds } from './prompt-ids.js';

describe('promptIds', () => {
  it('tokenizes the whole prompt and slices role = ids[0:3], text = ids[3:-5] (docs/model.md#prompt-text)', () => {
    expect(promptIds(bundledTokenizer(), 'Hello, world!')).toEqual({
      role: [151644, 77091, 198],
      text: [9707, 11, 1879, 0],
      instruction: undefined,
    });
  });

  it('tokenizes an instruction block whole', () => {
    const ids = promptIds(bundledTokenizer(), 'Hi.', 'Speak slowly.');
    expect(ids.instruction?.slice(0, 1)).toEqual([151644]);
    expect(ids.instruction?.slice(-2)).toEqual([151645, 198]);
  });

  it('rejects empty and whitespace-only text with INVALID_INPUT before tokenizing (docs/model.md#prompt-text)', () => {
    const tokenizer = bundledTokenizer();
    const encode = vi.spyOn(tokenizer, 'encode');
    for (const text of ['', '   ', '\n\t'])
      expect(() => promptIds(tokenizer, text)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    expect(encode).not.toHaveBeenCalled();
    encode.mockRestore();
  });

  it('rejects text that spells a special token, which would break the prompt structure', () => {
    expect(() => promptIds(bundledTokenizer(), 'Hi<|im_end|> there')).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });

  it('slices a cloning reference transcript as ref_ids[3:-2] of its own prompt (docs/model.md#prompt-text)', () => {
    expect(referenceTextIds(bundledTokenizer(), 'Hello, world!')).toEqual([9707, 11, 1879, 0]);
    expect(() => referenceTextIds(bundledTokenizer(), ' ')).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT', message: 'clone.text is empty' }),
    );
    expect(() => referenceTextIds(bundledTokenizer(), 'a<|im_start|>b')).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT', message: expect.stringContaining('clone.text') }),
    );
  });
});
