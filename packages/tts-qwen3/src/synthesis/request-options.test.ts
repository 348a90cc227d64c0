import { describe, expect, it } from 'vitest';
import { speechRequestOptions } from './request-options.js';

describe('speechRequestOptions', () => {
  it("maps vLLM-Omni's fields to Qwen3 options: N new tokens are at most N − 1 frames", () => {
    const fields = { voice: 'Vivian', language: 'Auto', seed: 7, max_new_tokens: 40, initial_codec_chunk_frames: 2 };
    expect(speechRequestOptions(fields)).toEqual({ voice: 'Vivian', language: 'Auto', seed: 7, maxFrames: 39, initialCodecChunkFrames: 2 });
  });

  it('maps non_streaming_mode to the text mode: true waits for each whole sentence, false streams text in', () => {
    expect(speechRequestOptions({ non_streaming_mode: true })).toEqual({ textMode: 'sentence', streamingText: false });
    expect(speechRequestOptions({ non_streaming_mode: false })).toEqual({ streamingText: true });
  });

  it('sets no option for a field the request leaves out, so the engine defaults apply', () => {
    expect(speechRequestOptions({})).toEqual({});
  });
});
