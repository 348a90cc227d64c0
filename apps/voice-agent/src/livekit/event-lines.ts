import type { AgentEvent, TurnMetrics } from '../agent/agent-events.js';

/**
 * One log line for an agent event, or `undefined` for those not worth a line: the partial
 * answers arrive once per LLM token, and the final `agent` line carries the same text.
 */
export function eventLine(event: AgentEvent): string | undefined {
  switch (event.type) {
    case 'agent-partial':
      return undefined;
    case 'user':
      return `user (turn ${event.turn}): ${JSON.stringify(event.text)}`;
    case 'agent':
      return `agent (turn ${event.turn})${event.interrupted ? ' [interrupted]' : ''}: ${JSON.stringify(event.text)}`;
    case 'interrupted':
      return `interrupted (turn ${event.turn}, ${event.reason}): heard ${JSON.stringify(event.heard?.text ?? '')}`;
    case 'metrics':
      return `metrics (turn ${event.metrics.turn}): ${metricsText(event.metrics)}`;
    case 'error':
      return `error (turn ${event.turn}): ${event.code}: ${event.message}`;
  }
}

const METRIC_NAMES: [keyof TurnMetrics, string][] = [
  ['endOfTurnMs', 'end of turn'],
  ['sttMs', 'stt'],
  ['llmFirstTokenMs', 'llm first token'],
  ['ttsFirstAudioMs', 'tts first audio'],
  ['voiceToVoiceMs', 'voice to voice'],
];

function metricsText(metrics: TurnMetrics): string {
  return METRIC_NAMES.map(([key, name]) => `${name} ${metrics[key] === undefined ? '-' : `${Math.round(metrics[key])} ms`}`).join(', ');
}
