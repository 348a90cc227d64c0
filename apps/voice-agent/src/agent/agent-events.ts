import type { HeardPosition } from '@parley/core';

/**
 * What one turn cost, in wall-clock milliseconds. `undefined` where the stage never happened
 * (the reply was interrupted first, or produced no audio).
 */
export interface TurnMetrics {
  /** The turn's number, from 1. */
  turn: number;
  /** From the end of the user's speech to the end-of-turn decision (the VAD's silence wait and any delay). */
  endOfTurnMs: number | undefined;
  /** Speech-to-text request time. */
  sttMs: number | undefined;
  /** From the LLM request to its first token. */
  llmFirstTokenMs: number | undefined;
  /** From the LLM's first token to the TTS's first audio. */
  ttsFirstAudioMs: number | undefined;
  /** From the end of the user's speech to the first agent audio handed to the output. */
  voiceToVoiceMs: number | undefined;
}

/**
 * What the voice agent emits: the transcript as it happens, barge-ins, per-turn metrics and
 * failures of one reply (the loop itself goes on listening).
 */
export type AgentEvent =
  /** The user's turn, transcribed (empty text when the recognizer gives no words). */
  | { type: 'user'; turn: number; text: string }
  /** The agent's answer so far, as the LLM writes it. */
  | { type: 'agent-partial'; turn: number; text: string }
  /** The agent's answer, final: all of it, or (`interrupted`) only what was played. */
  | { type: 'agent'; turn: number; text: string; interrupted: boolean; heard?: HeardPosition }
  /** A reply was stopped: by the user speaking over it, or by `interrupt()`. */
  | { type: 'interrupted'; turn: number; reason: 'barge-in' | 'manual'; heard: HeardPosition | undefined }
  /** The turn's latency breakdown: once its first audio played, or when it ended without audio. */
  | { type: 'metrics'; metrics: TurnMetrics }
  /** A reply failed (STT, LLM or TTS); the agent keeps listening. */
  | { type: 'error'; turn: number; code: string; message: string };

/** The stored conversation entry of one agent answer. */
export interface AgentMessage {
  text: string;
  interrupted: boolean;
}
