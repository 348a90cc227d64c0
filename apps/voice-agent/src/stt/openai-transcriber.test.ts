import { decodeWav, PcmFrame } from '@parley/core';
import { afterEach, describe, expect, test } from 'vitest';
import { sendJson, startServer, type LoopbackServer, type Received } from '../http/testing/loopback-server.js';
import { speak } from '../listen/testing/speech-fixture.js';
import { OpenAITranscriber } from './openai-transcriber.js';

let server: LoopbackServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** What the server found in the form, for the assertions. */
interface Upload {
  path: string;
  auth: string | null;
  fields: Record<string, string>;
  fileName: string;
  fileType: string;
  sampleRate: number;
  durationMs: number;
}

/** A server that speaks the transcription protocol: parses the form and decodes the WAV. */
async function transcriptionServer(uploads: Upload[]): Promise<string> {
  server = await startServer(async ({ raw, request }, res) => {
    const form = await request.formData();
    const file = form.get('file') as File;
    const wav = decodeWav(new Uint8Array(await file.arrayBuffer()));
    const fields = Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === 'string')) as Record<string, string>;
    const durationMs = ((wav.samples.length / wav.channels) * 1000) / wav.sampleRate;
    uploads.push({
      path: raw.url!,
      auth: request.headers.get('authorization'),
      fields,
      fileName: file.name,
      fileType: file.type,
      sampleRate: wav.sampleRate,
      durationMs,
    });
    sendJson(res, 200, { text: `  heard ${Math.round(durationMs)} ms at ${wav.sampleRate} Hz `, language: 'english' });
  });
  return `${server.origin}/v1`;
}

/** A server that answers every request with `status` and an OpenAI-style error body. */
async function failingServer(status: number): Promise<string> {
  server = await startServer((_received, res) => sendJson(res, status, { error: { message: `refused with ${status}` } }));
  return `${server.origin}/v1`;
}

/** A server that reads the request and never answers; resolves each arrival. */
async function silentServer(arrived: (received: Received) => void): Promise<string> {
  server = await startServer((received) => arrived(received));
  return `${server.origin}/v1`;
}

describe('OpenAITranscriber', () => {
  test('uploads the frames as a WAV in a multipart form and returns the text', async () => {
    const uploads: Upload[] = [];
    const url = await transcriptionServer(uploads);
    const stt = new OpenAITranscriber({ url: `${url}/`, model: 'whisper-1', apiKey: 'sk-test', language: 'en' });
    const speech = await speak('Testing one two three.');
    const half = Math.floor(speech.data.length / 2);
    const frames = [new PcmFrame(speech.data.slice(0, half), speech.sampleRate), new PcmFrame(speech.data.slice(half), speech.sampleRate)];
    const transcript = await stt.transcribe(frames);
    const heard = Math.round(speech.durationMs);
    expect(transcript).toEqual({
      text: `heard ${heard} ms at 22050 Hz`,
      language: 'english',
      durationMs: expect.closeTo(speech.durationMs, 6),
    });
    expect(uploads).toEqual([
      {
        path: '/v1/audio/transcriptions',
        auth: 'Bearer sk-test',
        fields: { model: 'whisper-1', response_format: 'json', language: 'en' },
        fileName: 'speech.wav',
        fileType: 'audio/wav',
        sampleRate: 22_050,
        durationMs: expect.closeTo(speech.durationMs, 6),
      },
    ]);
  });

  test('bare samples are 16 kHz unless told; the request language and prompt win', async () => {
    const uploads: Upload[] = [];
    const stt = new OpenAITranscriber({ url: await transcriptionServer(uploads), model: 'm', language: 'en' });
    const transcript = await stt.transcribe(new Int16Array(8_000), { language: 'de', prompt: 'parley' });
    expect(transcript.durationMs).toBe(500);
    expect(uploads[0]).toMatchObject({ auth: null, sampleRate: 16_000, durationMs: 500, fields: { language: 'de', prompt: 'parley' } });
    await stt.transcribe(new Int16Array(4_800), { sampleRate: 48_000 });
    expect(uploads[1]).toMatchObject({ sampleRate: 48_000, durationMs: 100 });
  });

  // The whole status table is core's (errorFromResponse); these show the client reads it.
  test.each([
    [401, 'UNAUTHORIZED', false],
    [404, 'MODEL_NOT_FOUND', false],
    [503, 'OVERLOADED', true],
  ] as const)('HTTP %i is %s (retryable: %s), with the provider message', async (status, code, retryable) => {
    const stt = new OpenAITranscriber({ url: await failingServer(status), model: 'm' });
    const failure = stt.transcribe(new Int16Array(1_600));
    await expect(failure).rejects.toMatchObject({ name: 'ParleyError', code, retryable });
    await expect(failure).rejects.toThrow(`refused with ${status}`);
  });

  test('aborting the signal cancels: CANCELLED, and the server sees the connection close', async () => {
    let arrived!: (received: Received) => void;
    const arrival = new Promise<Received>((resolve) => (arrived = resolve));
    const stt = new OpenAITranscriber({ url: await silentServer(arrived), model: 'm' });
    const controller = new AbortController();
    const failure = stt.transcribe(new Int16Array(16_000), {}, controller.signal);
    const received = await arrival;
    controller.abort();
    await expect(failure).rejects.toMatchObject({ code: 'CANCELLED', retryable: false });
    await received.closedEarly;
  });

  test('an already aborted signal sends nothing', async () => {
    const uploads: Upload[] = [];
    const stt = new OpenAITranscriber({ url: await transcriptionServer(uploads), model: 'm' });
    await expect(stt.transcribe(new Int16Array(160), {}, AbortSignal.abort())).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(server!.received).toHaveLength(0);
  });

  test('a server that never answers times out as a retryable INTERNAL, closing the request', async () => {
    let arrived!: (received: Received) => void;
    const arrival = new Promise<Received>((resolve) => (arrived = resolve));
    const stt = new OpenAITranscriber({ url: await silentServer(arrived), model: 'm', timeoutMs: 300 });
    const failure = stt.transcribe(new Int16Array(1_600));
    await expect(failure).rejects.toMatchObject({ code: 'INTERNAL', retryable: true });
    await expect(failure).rejects.toThrow(/timed out/);
    await (
      await arrival
    ).closedEarly;
  });

  test('a closed port is a retryable NETWORK error naming the network failure', async () => {
    const url = await failingServer(500);
    await server!.close();
    server = undefined;
    const failure = new OpenAITranscriber({ url, model: 'm' }).transcribe(new Int16Array(160));
    await expect(failure).rejects.toMatchObject({ code: 'NETWORK', retryable: true });
    await expect(failure).rejects.toThrow(/ECONNREFUSED/);
  });

  test('a 200 that is not a transcript is INTERNAL', async () => {
    server = await startServer((_r, res) => void res.writeHead(200, { 'content-type': 'text/html' }).end('<html>hi</html>'));
    const stt = new OpenAITranscriber({ url: `${server.origin}/v1`, model: 'm' });
    await expect(stt.transcribe(new Int16Array(160))).rejects.toMatchObject({ code: 'INTERNAL' });
  });

  test('no audio, or frames of two rates, is INVALID_INPUT before any request', async () => {
    const stt = new OpenAITranscriber({ url: 'http://127.0.0.1:9/v1', model: 'm' });
    await expect(stt.transcribe([])).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(stt.transcribe(new Int16Array(0))).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    const mixed = [new PcmFrame(new Int16Array(160), 16_000), new PcmFrame(new Int16Array(480), 48_000)];
    await expect(stt.transcribe(mixed)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  test('describe names the model and the URL, never the key', () => {
    const line = new OpenAITranscriber({ url: 'http://stt.local/v1', model: 'whisper-1', apiKey: 'sk-secret' }).describe();
    expect(line).toBe('STT: whisper-1 at http://stt.local/v1');
  });
});
