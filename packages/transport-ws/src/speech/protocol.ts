import type { RawData } from 'ws';
import {
  asObject,
  booleanField,
  checkSpeed,
  invalid,
  optionalInteger,
  optionalString,
  responseFormat,
  type JsonObject,
  type ResponseFormat,
} from './fields.js';
import { assertRoomName } from '../rooms/room-name.js';

/**
 * The client side of the speech-stream protocol (`WS /v1/audio/speech/stream`), as vLLM-Omni
 * publishes it for Qwen3-TTS, plus `input.cancel` for barge-in. See the package README for the
 * whole exchange.
 */
export interface SessionConfig {
  /** Accepted and ignored: one server serves one model. */
  model?: string;
  voice?: string;
  language?: string;
  /** How each sentence's binary frames are encoded. Default "wav". */
  response_format: ResponseFormat;
  /** Several binary frames per sentence as audio is made (true) or one per sentence (false, default). */
  stream_audio: boolean;
  /** Passed to the engine as `initialCodecChunkFrames` (Qwen3-TTS: codec frames in the first chunk). */
  initial_codec_chunk_frames?: number;
  seed?: number;
  /** Also speak into this room (needs a token with roomJoin and canPublish for it). */
  room?: string;
}

/** A parsed client message. */
export type ClientMessage =
  | { type: 'session.config'; config: SessionConfig }
  | { type: 'input.text'; text: string }
  | { type: 'input.done' }
  | { type: 'input.cancel' }
  | { type: 'session.close' };

/**
 * Parses one WebSocket message.
 * @throws ParleyError INVALID_INPUT for a binary frame, bad JSON, a non-object, an unknown `type`
 *   or a bad field; the session answers with an error message and carries on.
 */
export function parseClientMessage(data: RawData, isBinary: boolean): ClientMessage {
  if (isBinary) throw invalid('binary messages are not accepted: send JSON text frames');
  let json: unknown;
  try {
    json = JSON.parse(rawText(data));
  } catch {
    throw invalid('invalid JSON message');
  }
  const message = asObject(json, 'a message');
  switch (message.type) {
    case 'session.config':
      return { type: 'session.config', config: parseConfig(message) };
    case 'input.text':
      return { type: 'input.text', text: textField(message) };
    case 'input.done':
    case 'input.cancel':
    case 'session.close':
      return { type: message.type };
    default:
      throw invalid(`unknown message type: ${JSON.stringify(message.type ?? null)}`);
  }
}

function parseConfig(message: JsonObject): SessionConfig {
  checkSpeed(message);
  const config: SessionConfig = {
    response_format: responseFormat(message),
    stream_audio: booleanField(message, 'stream_audio', false),
  };
  assign(config, 'model', optionalString(message, 'model'));
  assign(config, 'voice', optionalString(message, 'voice'));
  assign(config, 'language', optionalString(message, 'language'));
  assign(config, 'initial_codec_chunk_frames', optionalInteger(message, 'initial_codec_chunk_frames', 0));
  assign(config, 'seed', optionalInteger(message, 'seed', 0));
  const room = optionalString(message, 'room');
  if (room !== undefined) config.room = assertRoomName(room);
  return config;
}

function textField(message: JsonObject): string {
  const text = message.text;
  if (typeof text !== 'string') throw invalid('input.text requires a string "text"');
  return text;
}

function assign<K extends keyof SessionConfig>(config: SessionConfig, key: K, value: SessionConfig[K] | undefined): void {
  if (value !== undefined) config[key] = value;
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  return Buffer.from(data).toString('utf8');
}
