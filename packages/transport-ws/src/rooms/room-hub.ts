import type { WebSocket } from 'ws';
import { ParleyError } from '@parley/core';
import { resolveLimits, type Limits } from '../limits.js';
import { consoleLogger, type Logger } from '../logger.js';
import { Room } from './room.js';
import { RoomChannel, sentenceHeader } from './room-channel.js';
import type { RoomJoinedMessage } from './room-messages.js';
import { RoomListener } from './room-listener.js';
import { assertRoomName } from './room-name.js';

/** Options for {@link RoomHub}. */
export interface RoomHubOptions {
  /** Listener bounds; defaults as in {@link DEFAULT_LIMITS}. */
  limits?: Partial<Pick<Limits, 'maxListeners' | 'listenerHighWaterBytes' | 'listenerMaxBufferedBytes' | 'slowListenerTimeoutMs'>>;
  logger?: Logger;
}

/**
 * All rooms of a server. Listeners join through `WS /v1/rooms/:room`; speakers publish through
 * {@link Room} handles (`hub.room(name)`) or a speech session whose config names the room.
 * Create one and pass it to `createSpeechServer({ rooms })` to share it, or use `server.rooms`.
 */
export class RoomHub {
  /** Where the hub and its rooms log. */
  readonly logger: Logger;
  private readonly limits: Limits;
  private readonly channels = new Map<string, RoomChannel>();
  private listenerTotal = 0;

  constructor(options: RoomHubOptions = {}) {
    this.limits = resolveLimits(options.limits);
    this.logger = options.logger ?? consoleLogger;
  }

  /**
   * A handle on room `name`.
   * @throws ParleyError INVALID_INPUT for a name that is not 1–128 of `A-Z a-z 0-9 _ - . :`.
   */
  room(name: string): Room {
    return new Room(this, assertRoomName(name));
  }

  /** Listeners connected now, all rooms together. */
  get listenerCount(): number {
    return this.listenerTotal;
  }

  /** Names of rooms that have listeners or a sentence in progress. */
  get roomNames(): string[] {
    return [...this.channels.keys()];
  }

  /**
   * Adds `ws` as a listener of room `name` at the live edge: it is sent `room.joined` (naming the
   * sentence in progress, if any) and then only what is published from now on.
   * @throws ParleyError OVERLOADED past `maxListeners`.
   */
  join(name: string, ws: WebSocket, identity: string): RoomListener {
    if (this.listenerTotal >= this.limits.maxListeners) {
      throw new ParleyError('OVERLOADED', `too many room listeners (${this.limits.maxListeners})`);
    }
    const channel = this.channel(name, true)!;
    const listener = new RoomListener(ws, identity, this.limits, this.logger);
    channel.listeners.add(listener);
    this.listenerTotal++;
    const live = channel.live;
    const sentence = live ? sentenceHeader(live) : null;
    const joined: RoomJoinedMessage = { type: 'room.joined', room: name, identity, listeners: channel.listeners.size, sentence };
    listener.sendText(JSON.stringify(joined));
    ws.once('close', () => {
      channel.listeners.delete(listener);
      this.listenerTotal--;
      this.release(name);
    });
    return listener;
  }

  /** Closes every listener's socket with `code` (default 1001, going away). */
  close(code = 1001): void {
    for (const channel of this.channels.values()) {
      for (const listener of channel.listeners) listener.ws.close(code, 'server shutting down');
    }
  }

  /** @internal The state of room `name`, created when `create` is set. */
  channel(name: string, create = false): RoomChannel | undefined {
    let channel = this.channels.get(name);
    if (!channel && create) {
      channel = new RoomChannel(name);
      this.channels.set(name, channel);
    }
    return channel;
  }

  /** @internal Drops room `name`'s state once it holds nothing, so rooms cost nothing when unused. */
  release(name: string): void {
    if (this.channels.get(name)?.idle) this.channels.delete(name);
  }
}
