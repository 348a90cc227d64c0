import type { ErrorMessage } from '../ws/messages.js';
import type { SentenceHeader } from './room-channel.js';

/** `room.joined`: the first message a listener gets, with the sentence in progress, if any. */
export interface RoomJoinedMessage {
  type: 'room.joined';
  room: string;
  identity: string;
  /** Listeners of the room, this one included. */
  listeners: number;
  /** The sentence being spoken as the listener joined; its audio so far is not replayed. */
  sentence: SentenceHeader | null;
}

/** `audio.start`: a sentence begins in the room; its s16le audio follows as binary frames. */
export interface RoomAudioStartMessage extends SentenceHeader {
  type: 'audio.start';
}

/** `audio.done`: the sentence ended (`error`: it failed); `total_bytes` as published; the whole sentence's text. */
export interface RoomAudioDoneMessage {
  type: 'audio.done';
  sentence_index: number;
  total_bytes: number;
  error: boolean;
  sentence_text: string;
}

/** `audio.cancelled`: the speaker stopped the sentence; nothing more of it follows. */
export interface RoomAudioCancelledMessage {
  type: 'audio.cancelled';
  sentence_index: number;
}

/** `room.frames_dropped`: this listener fell behind and lost `frames` audio frames. */
export interface RoomFramesDroppedMessage {
  type: 'room.frames_dropped';
  frames: number;
}

/** Everything the server sends a room listener (`WS /v1/rooms/:room`) as JSON. */
export type RoomServerMessage =
  RoomJoinedMessage | RoomAudioStartMessage | RoomAudioDoneMessage | RoomAudioCancelledMessage | RoomFramesDroppedMessage | ErrorMessage;
