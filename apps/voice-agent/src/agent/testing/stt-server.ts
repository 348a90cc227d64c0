/**
 * A real OpenAI-compatible transcription server on loopback that answers each request with the
 * next of a fixed list of texts (the last repeats): the agent tests know what "was said".
 */
import { sendJson, startServer, type LoopbackServer } from '../../http/testing/loopback-server.js';

/** Starts the server; `url` is its `/v1` base. */
export async function startSttServer(texts: string[]): Promise<{ url: string; server: LoopbackServer }> {
  let calls = 0;
  const server = await startServer(async ({ request }, res) => {
    await request.formData(); // read the upload like a real server would
    sendJson(res, 200, { text: texts[Math.min(calls++, texts.length - 1)] });
  });
  return { url: `${server.origin}/v1`, server };
}
