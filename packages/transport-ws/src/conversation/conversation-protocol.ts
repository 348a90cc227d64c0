import { ParleyError } from '@parley/core';
import type { RawData } from 'ws';
import type { ErrorMessage } from '../ws/messages.js';

/**
 * What a page sends on `WS /v1/conversation` as JSON text. Binary messages carry its
 * microphone: 16-bit little-endian mono PCM at the rate its `start` named.
 */
export type ConversationClientMessage =
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
   * since the first audio, counting audio a clear dropped as passed; `buffered`, what it still
   * holds to play.
   */
  | { type: 'played'; samples: number; buffered?: number };

/** On connect: what the conversation runs on, its voices, and the rate of the audio sent. */
export interface HelloMessage {
  type: 'hello';
  /** Lines for people: the recognizer, the language model and the speech engine in use. */
  stt: string;
  llm: string;
  tts: string;
  voices: string[];
  voice: string | undefined;
  /** The rate of the binary audio the server sends: 16-bit little-endian mono. */
  sampleRate: number;
}

/** What the server sends on `WS /v1/conversation` besides audio and the application's events. */
export type ConversationServerMessage =
  | HelloMessage
  /** Drop all buffered audio now (barge-in). */
  | { type: 'clear' }
  /** Listening started or stopped. */
  | { type: 'listening'; listening: boolean }
  | ErrorMessage;

/** Lowest and highest microphone rates taken: telephone audio to studio audio. */
const MIN_RATE_HZ = 8_000;
const MAX_RATE_HZ = 192_000;

/**
 * Parses a text message from the page.
 * @throws ParleyError INVALID_INPUT, naming what was wrong; the conversation carries on.
 */
export function parseConversationMessage(data: RawData): ConversationClientMessage {
  let message: Partial<Record<string, unknown>>;
  try {
    message = JSON.parse(String(data)) as typeof message;
  } catch {
    throw new ParleyError('INVALID_INPUT', 'invalid JSON message');
  }
  if (message === null || typeof message !== 'object') throw new ParleyError('INVALID_INPUT', 'a message must be a JSON object');
  if (isValid(message)) return message as ConversationClientMessage;
  throw new ParleyError('INVALID_INPUT', `not understood: ${String(data).slice(0, 100)}`);
}

function isValid(message: Partial<Record<string, unknown>>): boolean {
  switch (message.type) {
    case 'start':
      return (
        Number.isInteger(message.sampleRate) &&
        (message.sampleRate as number) >= MIN_RATE_HZ &&
        (message.sampleRate as number) <= MAX_RATE_HZ
      );
    case 'voice':
      return typeof message.voice === 'string';
    case 'played':
      return isCount(message.samples) && (message.buffered === undefined || isCount(message.buffered));
    case 'stop':
    case 'interrupt':
      return true;
    default:
      return false;
  }
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}
