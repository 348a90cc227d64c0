/**
 * The agent tests' rig: a real-time mic, the real VAD, loopback STT and chat servers, a
 * ToneSpeech engine (or another) and a clocked output, wired into a {@link VoiceAgent}.
 */
import { ClockedOutput, ToneSpeech, type TextToSpeech } from '@parley/core';
import type { Subscription } from 'rxjs';
import type { SileroVad } from '../../listen/silero/silero-vad.js';
import { SPEECH_RATE_HZ } from '../../listen/testing/speech-fixture.js';
import type { LanguageModel } from '../../llm/language-model.js';
import { OpenAIChat } from '../../llm/openai-chat.js';
import { OpenAITranscriber } from '../../stt/openai-transcriber.js';
import type { SpeechToText } from '../../stt/speech-to-text.js';
import type { AgentEvent } from '../agent-events.js';
import { OutputPlayer } from '../audio-out.js';
import { VoiceAgent } from '../voice-agent.js';
import { startChatServer, type ChatServer, type ScriptedToken } from './chat-server.js';
import { EventLog } from './event-log.js';
import { LiveMic } from './live-mic.js';
import { startSttServer } from './stt-server.js';

/** A running agent and everything around it. */
export interface AgentRig {
  agent: VoiceAgent;
  mic: LiveMic;
  output: ClockedOutput;
  events: EventLog<AgentEvent>;
  chat: ChatServer | undefined;
  tts: TextToSpeech;
  close(): Promise<void>;
}

/** What to build the rig with: a chat script (loopback LLM) or a model, and the STT's answers. */
export interface RigOptions {
  detector: SileroVad;
  scripts?: ScriptedToken[][];
  llm?: LanguageModel;
  stt?: SpeechToText;
  heard?: string[];
  tts?: TextToSpeech;
}

/** Starts the servers and the agent, listening to the mic at once. */
export async function startRig(options: RigOptions): Promise<AgentRig> {
  const chat = options.scripts ? await startChatServer(options.scripts) : undefined;
  const sttServer = options.stt ? undefined : await startSttServer(options.heard ?? ['what time is it']);
  const stt = options.stt ?? new OpenAITranscriber({ url: sttServer!.url, model: 'whisper-1' });
  const llm = options.llm ?? new OpenAIChat({ url: chat!.url, model: 'tiny' });
  const tts = options.tts ?? new ToneSpeech();
  const output = new ClockedOutput(tts.sampleRate);
  const mic = new LiveMic(SPEECH_RATE_HZ);
  const agent = new VoiceAgent({ stt, llm, tts, out: new OutputPlayer(output), detector: options.detector });
  const events = new EventLog<AgentEvent>();
  const subscription: Subscription = agent.run(mic.frames$).subscribe({ next: (event) => events.push(event) });
  return {
    agent,
    mic,
    output,
    events,
    chat,
    tts,
    close: async () => {
      subscription.unsubscribe();
      await chat?.server.close();
      await sttServer?.server.close();
    },
  };
}
