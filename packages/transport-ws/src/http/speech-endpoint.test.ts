import { setTimeout as delay } from 'node:timers/promises';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { concat, of, throwError, timer, type Observable } from 'rxjs';
import { mergeMap } from 'rxjs/operators';
import { ParleyError, PcmFrame, ToneSpeech, type SpeechEvent, type TextToSpeech } from '@parley/core';
import { CheckedTone, TestClient, decodeWavBuffer, expectedBytes, startServer, stopServers, token } from '../testing/helpers.js';
import type { SynthesisFields } from '../index.js';

const TEXT = 'Hello there, world. How are you today?';

afterEach(stopServers);

async function post(url: string, body: unknown, bearer?: string): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (bearer) headers.authorization = `Bearer ${bearer}`;
  return fetch(`${url}/v1/audio/speech`, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });
}

/** A TextToSpeech that speaks one chunk and then fails, or fails at once. */
class FailingSpeech implements TextToSpeech {
  readonly sampleRate = 24_000;
  readonly channels = 1;
  readonly voices = [];
  constructor(private readonly afterAudio: boolean) {}
  async close(): Promise<void> {}
  synthesize(): Observable<SpeechEvent> {
    const error = new ParleyError(this.afterAudio ? 'INTERNAL' : 'INVALID_INPUT', 'no such voice');
    if (!this.afterAudio) return throwError(() => error);
    const frame = new PcmFrame(new Int16Array(240), this.sampleRate);
    return concat(
      of<SpeechEvent[]>({ type: 'segment-start', index: 0, text: 'x' }, { type: 'audio', index: 0, frame }),
      timer(20).pipe(mergeMap(() => throwError(() => error))),
    );
  }
}

describe('POST /v1/audio/speech', () => {
  it('streams raw PCM chunked, with audio/pcm and the sample rate in X-Sample-Rate', async () => {
    const { url, tts } = await startServer();
    const res = await post(url, { model: 'qwen3-tts', input: TEXT, voice: 'ryan', response_format: 'pcm', speed: 1 }, await token());
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('audio/pcm');
    expect(res.headers.get('x-sample-rate')).toBe('24000');
    expect(res.headers.get('transfer-encoding')).toBe('chunked');
    const bytes = Buffer.from(await res.arrayBuffer());
    const expected = (await expectedBytes(tts, TEXT)).reduce((a, b) => a + b);
    expect(bytes.byteLength).toBe(expected);
  });

  it('streams WAV with a streaming header that decodes to the whole speech', async () => {
    const { url, tts } = await startServer();
    const res = await post(url, { input: TEXT, response_format: 'wav' }, await token());
    expect(res.headers.get('content-type')).toBe('audio/wav');
    expect(res.headers.get('transfer-encoding')).toBe('chunked');
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.readUInt32LE(40)).toBe(0xffff_ffff); // unknown length: streamed
    const wav = decodeWavBuffer(bytes);
    expect(wav).toMatchObject({ sampleRate: 24_000, channels: 1 });
    expect(wav.samples.byteLength).toBe((await expectedBytes(tts, TEXT)).reduce((a, b) => a + b));
  });

  it('answers stream: false with one WAV file of exact sizes and a Content-Length', async () => {
    const { url } = await startServer();
    const res = await post(url, { input: TEXT, stream: false }, await token());
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(Number(res.headers.get('content-length'))).toBe(bytes.byteLength);
    expect(bytes.readUInt32LE(40)).toBe(bytes.byteLength - 44);
    expect(decodeWavBuffer(bytes).samples.length).toBeGreaterThan(0);
  });

  it.each([
    ['missing input', { voice: 'ryan' }, /input/],
    ['empty input', { input: '   ' }, /input/],
    ['bad response_format', { input: 'Hi.', response_format: 'mp3' }, /response_format/],
    ['a speed other than 1', { input: 'Hi.', speed: 1.5 }, /speed/],
    ['a non-string voice', { input: 'Hi.', voice: 3 }, /voice/],
    ['too long text', { input: 'x'.repeat(101) }, /longer than 100/],
    ['instructions, not supported yet', { input: 'Hi.', instructions: 'Calm.' }, /instructions is not supported/],
    ['max_new_tokens below 2', { input: 'Hi.', max_new_tokens: 1 }, /max_new_tokens/],
    ['a body that is not JSON', '{oops', /JSON/],
  ])('answers 400 with a JSON error for %s', async (_, body, message) => {
    const { url } = await startServer({ limits: { maxTextChars: 100 } });
    const res = await post(url, body, await token());
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: { code: 'INVALID_INPUT', message: expect.stringMatching(message) } });
  });

  it('answers 413 for a body over maxBodyBytes', async () => {
    const { url } = await startServer({ limits: { maxBodyBytes: 1024 } });
    const res = await post(url, { input: 'x'.repeat(4096) }, await token());
    expect(res.status).toBe(413);
  });

  it("speaks with the options the server's synthesisOptions makes of the body, and answers 400 when it throws", async () => {
    const tts = new CheckedTone();
    const synthesisOptions = (fields: SynthesisFields) => {
      if (fields.seed === 13) throw new ParleyError('INVALID_INPUT', 'unlucky seed');
      return { voice: fields.voice, frames: fields.max_new_tokens };
    };
    const { url } = await startServer({ tts, synthesisOptions });
    const spoken = await post(url, { input: 'Hello.', voice: 'ryan', max_new_tokens: 40, response_format: 'pcm' }, await token());
    expect(spoken.status).toBe(200);
    await spoken.arrayBuffer();
    expect(tts.calls).toEqual([{ voice: 'ryan', frames: 40 }]);
    const refused = await post(url, { input: 'Hello.', seed: 13 }, await token());
    expect([refused.status, await refused.json()]).toEqual([400, { error: { code: 'INVALID_INPUT', message: 'unlucky seed' } }]);
    expect(tts.calls).toHaveLength(1);
  });

  it('answers an engine failure before any audio with its status and a JSON error', async () => {
    const { url } = await startServer({ tts: new FailingSpeech(false) });
    const res = await post(url, { input: 'Hello.' }, await token());
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: { code: 'INVALID_INPUT', message: 'no such voice' } });
  });

  it('aborts the response when synthesis fails after the headers: a truncated transfer, never a clean 200', async () => {
    const { url } = await startServer({ tts: new FailingSpeech(true) });
    const res = await post(url, { input: 'Hello.', response_format: 'pcm' }, await token());
    expect(res.status).toBe(200);
    await expect(res.arrayBuffer()).rejects.toThrow();
  });

  it('answers 429 with OVERLOADED and Retry-After past maxSessions', async () => {
    const { url, wsUrl } = await startServer({ limits: { maxSessions: 1 } });
    const holder = await TestClient.connect(`${wsUrl}/v1/audio/speech/stream`, await token());
    const res = await post(url, { input: 'Hello.' }, await token());
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('1');
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('OVERLOADED');
    await holder.close();
  });

  it('stops generation when the client goes away mid-response', async () => {
    const tts = new ToneSpeech({ msPerCharacter: 20, chunkMs: 10, realTimeFactor: 1 });
    const { url, server } = await startServer({ tts });
    const abort = new AbortController();
    const res = await fetch(`${url}/v1/audio/speech`, {
      method: 'POST',
      signal: abort.signal,
      headers: { authorization: `Bearer ${await token()}`, 'content-type': 'application/json' },
      body: JSON.stringify({ input: 'A sentence long enough to be cut off before it is over.', response_format: 'pcm' }),
    });
    const reader = res.body!.getReader();
    await reader.read();
    abort.abort();
    await vi.waitFor(() => expect(server.activeSessions).toBe(0), { timeout: 5_000 });
    const generated = tts.chunksGenerated;
    await delay(150);
    expect(tts.chunksGenerated).toBe(generated);
    expect(generated).toBeLessThan(100);
  });

  it('answers 405 for GET and 404 elsewhere', async () => {
    const { url } = await startServer();
    expect((await fetch(`${url}/v1/audio/speech`)).status).toBe(405);
    expect((await fetch(`${url}/v1/nothing`)).status).toBe(404);
  });
});

describe('health', () => {
  it('/healthz answers 200 and /readyz follows the ready option', async () => {
    let ready = false;
    const { url } = await startServer({ ready: () => ready });
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect((await fetch(`${url}/readyz`)).status).toBe(503);
    ready = true;
    expect(await (await fetch(`${url}/readyz`)).json()).toEqual({ status: 'ready' });
  });
});
