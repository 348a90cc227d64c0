import { describe, expect, test } from 'vitest';
import { speechToTextFromEnv } from '../stt/from-env.js';
import { languageModelFromEnv } from './from-env.js';

describe('configuration from the environment', () => {
  test('nothing configured: the local responder and no recognizer, and the UI lines say so', () => {
    expect(languageModelFromEnv({}).describe()).toBe('LLM: local responder (no LLM configured)');
    expect(speechToTextFromEnv({}).describe()).toMatch(/^STT: none \(no speech recognizer configured/);
  });

  test('a URL and a model select the OpenAI-compatible clients', () => {
    const llm = languageModelFromEnv({
      PARLEY_LLM_URL: 'http://127.0.0.1:11434/v1',
      PARLEY_LLM_MODEL: 'llama3.2',
      PARLEY_LLM_API_KEY: 'k',
    });
    expect(llm.describe()).toBe('LLM: llama3.2 at http://127.0.0.1:11434/v1');
    const stt = speechToTextFromEnv({ PARLEY_STT_URL: 'http://127.0.0.1:8000/v1', PARLEY_STT_MODEL: 'whisper-1' });
    expect(stt.describe()).toBe('STT: whisper-1 at http://127.0.0.1:8000/v1');
  });

  test('a URL without a model is INVALID_INPUT', () => {
    expect(() => languageModelFromEnv({ PARLEY_LLM_URL: 'http://x/v1' })).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    expect(() => speechToTextFromEnv({ PARLEY_STT_URL: 'http://x/v1' })).toThrow(/PARLEY_STT_MODEL/);
  });

  test('with no recognizer, a transcript is empty but keeps the duration', async () => {
    const transcript = await speechToTextFromEnv({}).transcribe(new Int16Array(8_000));
    expect(transcript).toEqual({ text: '', durationMs: 500 });
  });
});
