import type { RawData } from 'ws';
import {
  asObject,
  booleanField,
  invalid,
  optionalInteger,
  optionalString,
  readSpeechFields,
  responseFormat,
  type JsonObject,
  type ResponseFormat,
  type SpeechFields,
} from './fields.js';
import { assertRoomName } from '../rooms/room-name.js';

/**
 * A speech session's configuration, from `session.config`: the client side of the speech-stream
 * protocol (`WS /v1/audio/speech/stream`) as vLLM-Omni publishes it for Qwen3-TTS. See the
 * package README for the whole exchange.
 */
export interface SessionConfig extends SpeechFields {
  /** How each sentence's binary frames are encoded. Default "wav". */
  response_format: ResponseFormat;
  /** Several binary frames per sentence as audio is made (true) or one per sentence (false, default). */
  stream_audio: boolean;
  /** Qwen3-TTS: codec frames in the first chunk; reaches the engine through the server's `synthesisOptions`. */
  initial_codec_chunk_frames?: number;
  /** Also speak into this room (needs a token with roomJoin and canPublish for it). */
  room?: string;
}

/**
 * A client message whose envelope is valid. A `session.config` carries its raw fields: reading
 * them ({@link parseSessionConfig}) is part of applying the config, so that a refused one is
 * answered as a refused config, not as a bad message.
 */
export type ClientMessage =
  | { type: 'session.config'; fields: JsonObject }
  | { type: 'input.text'; text: string }
  | { type: 'input.done' }
  | { type: 'input.cancel' }
  | { type: 'session.close' };

/**
 * Parses one WebSocket message: the speech-stream protocol's `session.config`, `input.text`,
 * `input.done`, `session.close`, plus `input.cancel` for barge-in.
 * @throws ParleyError INVALID_INPUT for a binary frame, bad JSON, a non-object, an unknown `type`
 *   or text that is not a string; the session answers with an error message and carries on.
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
      return { type: 'session.config', fields: message };
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

/**
 * Reads the fields of a `session.config`. Unknown fields are ignored, as vLLM-Omni's pydantic
 * models do; the vLLM-Omni fields this server does not implement yet are refused.
 * @throws ParleyError INVALID_INPUT naming the first bad field.
 */
export function parseSessionConfig(fields: JsonObject): SessionConfig {
  const config: SessionConfig = {
    ...readSpeechFields(fields),
    response_format: responseFormat(fields),
    stream_audio: booleanField(fields, 'stream_audio', false),
  };
  const frames = optionalInteger(fields, 'initial_codec_chunk_frames', 0);
  if (frames !== undefined) config.initial_codec_chunk_frames = frames;
  const room = optionalString(fields, 'room');
  if (room !== undefined) config.room = assertRoomName(room);
  return config;
}

function textField(message: JsonObject): string {
  const text = message.text;
  if (typeof text !== 'string') throw invalid('input.text requires a string "text"');
  return text;
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  return Buffer.from(data).toString('utf8');
}
