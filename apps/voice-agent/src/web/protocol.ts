import type { AgentEvent } from '../agent/agent-events.js';

/**
 * The agent page's WebSocket protocol, at `/agent`. Binary messages carry audio: from the
 * browser, 16-bit little-endian mono PCM at the rate its `start` named; to the browser, the
 * same at `hello.sampleRate` (the engine's, 24 kHz for Qwen3). Text messages are JSON.
 */
export type ClientMessage =
  /** Begin listening; the microphone's rate (the AudioContext's). */
  | { type: 'start'; sampleRate: number }
  /** Stop listening (the reply under way is interrupted). */
  | { type: 'stop' }
  /** The interrupt button. */
  | { type: 'interrupt' }
  /** The voice for the next replies. */
  | { type: 'voice'; voice: string }
  /**
   * What the page has played, every ~100 ms and after a clear: `samples` at `hello.sampleRate`
   * since the first agent audio, counting audio a clear dropped as passed; `buffered`, what it
   * still holds to play.
   */
  | { type: 'played'; samples: number; buffered?: number };

/** What the server tells the page, besides agent audio and the {@link AgentEvent}s. */
export type ServerMessage =
  | AgentEvent
  /** On connect: what is in use, the voices, the output rate. */
  | { type: 'hello'; stt: string; llm: string; tts: string; voices: string[]; voice: string | undefined; sampleRate: number }
  /** Drop all buffered agent audio now (barge-in). */
  | { type: 'clear' }
  /** Listening started or stopped. */
  | { type: 'listening'; listening: boolean }
  /** Something the user should know (a bad message, a failure). */
  | { type: 'problem'; message: string };

/** Parses a text message from the page; undefined when it is not one. */
export function parseClientMessage(text: string): ClientMessage | undefined {
  try {
    const message = JSON.parse(text) as Partial<ClientMessage>;
    switch (message.type) {
      case 'start':
        return Number.isInteger(message.sampleRate) && message.sampleRate! >= 8_000 && message.sampleRate! <= 192_000 ? (message as ClientMessage) : undefined;
      case 'voice':
        return typeof message.voice === 'string' ? (message as ClientMessage) : undefined;
      case 'played':
        return isCount(message.samples) && (message.buffered === undefined || isCount(message.buffered)) ? (message as ClientMessage) : undefined;
      case 'stop':
      case 'interrupt':
        return message as ClientMessage;
      default:
        return undefined;
    }
  } catch {
    return undefined;
  }
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}
