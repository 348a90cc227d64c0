import type { TextToSpeech } from '@parley/core';
import type { AcceptConversation } from '@parley/transport-ws';
import { tap } from 'rxjs';
import type { AgentEvent } from '../agent/agent-events.js';
import { OutputPlayer } from '../agent/audio-out.js';
import { VoiceAgent, type VoiceAgentOptions } from '../agent/voice-agent.js';
import type { SileroVad } from '../listen/silero/silero-vad.js';
import type { LanguageModel } from '../llm/language-model.js';
import type { SpeechToText } from '../stt/speech-to-text.js';

/** What every conversation shares: the services, the VAD worker, and what to log. */
export interface SessionParts {
  stt: SpeechToText;
  llm: LanguageModel;
  tts: TextToSpeech;
  /** One line for people about the engine. */
  ttsDescription: string;
  detector: SileroVad;
  log: (line: string) => void;
  /** Agent tuning (barge-in threshold, VAD). */
  agent?: Partial<Pick<VoiceAgentOptions, 'minInterruptionMs' | 'vad' | 'endOfTurnDelayMs'>>;
}

/**
 * The voice agent behind transport-ws's `WS /v1/conversation`: each page that connects gets a
 * {@link VoiceAgent} of its own, listening to the page's microphone and speaking into the page's
 * player (whose playhead is what the page reports it played), its events sent to the page.
 */
export function agentConversations(parts: SessionParts): AcceptConversation<AgentEvent> {
  return ({ output }) => {
    parts.log('a page connected');
    const { stt, llm, tts, detector } = parts;
    const out = new OutputPlayer(output);
    const agent = new VoiceAgent({ stt, llm, tts, detector, out, voice: tts.voices[0], ...parts.agent });
    const voices = [...tts.voices];
    return {
      hello: { stt: stt.describe(), llm: llm.describe(), tts: `TTS: ${parts.ttsDescription}`, voices, voice: agent.voice },
      listen: (microphone$) => agent.run(microphone$).pipe(tap((event) => logEvent(parts.log, event))),
      interrupt: () => agent.interrupt(),
      voice: (voice) => (agent.voice = voice),
    };
  };
}

/** Every event but the partial answers, with the heard position left out (it repeats the text). */
function logEvent(log: (line: string) => void, event: AgentEvent): void {
  if (event.type === 'agent-partial') return;
  log(`agent: ${JSON.stringify(event.type === 'agent' ? { ...event, heard: undefined } : event)}`);
}
