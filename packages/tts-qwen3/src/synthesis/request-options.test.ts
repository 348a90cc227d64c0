import { describe, expect, it } from 'vitest';
import { speechRequestOptions } from './request-options.js';

describe('speechRequestOptions', () => {
  it("maps vLLM-Omni's fields to Qwen3 options: N new tokens are at most N − 1 frames", () => {
    const fields = { voice: 'Vivian', language: 'Auto', seed: 7, max_new_tokens: 40, initial_codec_chunk_frames: 2 };
    expect(speechRequestOptions(fields)).toEqual({ voice: 'Vivian', language: 'Auto', seed: 7, maxFrames: 39, initialCodecChunkFrames: 2 });
  });

  it('sets no option for a field the request leaves out, so the engine defaults apply', () => {
    expect(speechRequestOptions({})).toEqual({});
  });
});
