import { ToneSpeech } from '@parley/core';
import { silentLogger, type AuthOptions } from '@parley/transport-ws';
import { startSttServer } from '../../agent/testing/stt-server.js';
import { SileroVad } from '../../listen/silero/silero-vad.js';
import { LocalResponder } from '../../llm/local-responder.js';
import { OpenAITranscriber } from '../../stt/openai-transcriber.js';
import { startAgentServer } from '../agent-server.js';

/** A running agent page server for tests, and how to stop all it started. */
export interface ToneAgentServer {
  url: string;
  close(): Promise<void>;
}

/**
 * The agent page server on loopback with real parts that are quick to run: the Silero VAD, a
 * loopback transcription server answering `transcripts` in turn, the local responder (one word
 * every `wordDelayMs`) and ToneSpeech.
 */
export async function startToneAgentServer(transcripts: string[], wordDelayMs: number, auth?: AuthOptions): Promise<ToneAgentServer> {
  const detector = await SileroVad.load();
  const stt = await startSttServer(transcripts);
  const server = await startAgentServer(
    {
      stt: new OpenAITranscriber({ url: stt.url, model: 'whisper-1' }),
      llm: new LocalResponder({ wordDelayMs }),
      tts: new ToneSpeech(),
      ttsDescription: 'tone (test)',
      detector,
      log: () => {},
    },
    { port: 0, host: '127.0.0.1', logger: silentLogger, ...(auth ? { auth } : {}) },
  );
  return {
    url: server.url,
    close: async () => {
      await server.close();
      await stt.server.close();
      await detector.dispose();
    },
  };
}
