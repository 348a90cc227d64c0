import type { WebSocket } from 'ws';
import type { Limits } from '../limits.js';
import type { Logger } from '../logger.js';
import type { RoomFramesDroppedMessage } from './room-messages.js';

/** The bounds a {@link RoomListener} enforces; a subset of {@link Limits}. */
export type ListenerLimits = Pick<Limits, 'listenerHighWaterBytes' | 'listenerMaxBufferedBytes' | 'slowListenerTimeoutMs'>;

/**
 * One socket listening to a room, and the slow-listener policy. A room is live: a listener that
 * cannot keep up must not make the server hold its backlog, nor slow the others. So, on each
 * audio frame, with `queued` the socket's `bufferedAmount`:
 *
 * - `queued` ≥ `listenerMaxBufferedBytes`: disconnected at once (`terminate()`).
 * - `queued` > `listenerHighWaterBytes`: the frame is dropped; if the listener has been above the
 *   mark for `slowListenerTimeoutMs`, it is disconnected.
 * - otherwise the frame is sent; a listener that dropped frames first gets
 *   `{type: "room.frames_dropped", frames}`, so it knows its audio has a gap.
 *
 * Control messages (`audio.start`, `audio.done`, …) are small and never dropped, only refused past
 * the hard bound, so a listener always knows where a sentence starts and ends.
 */
export class RoomListener {
  private droppedFrames = 0;
  private behindSince: number | undefined;

  constructor(
    readonly ws: WebSocket,
    readonly identity: string,
    private readonly limits: ListenerLimits,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  /** Frames dropped since the listener last caught up. */
  get dropped(): number {
    return this.droppedFrames;
  }

  /** Sends a control message (serialized JSON). */
  sendText(json: string): void {
    if (this.ws.readyState !== this.ws.OPEN) return;
    if (this.ws.bufferedAmount >= this.limits.listenerMaxBufferedBytes) return this.disconnect('send buffer full');
    this.ws.send(json);
  }

  /** Sends an audio frame, or drops it, by the policy above. */
  sendAudio(data: Uint8Array): void {
    if (this.ws.readyState !== this.ws.OPEN) return;
    const queued = this.ws.bufferedAmount;
    if (queued >= this.limits.listenerMaxBufferedBytes) return this.disconnect('send buffer full');
    if (queued > this.limits.listenerHighWaterBytes) return this.fallBehind();
    if (this.droppedFrames > 0) {
      const dropped: RoomFramesDroppedMessage = { type: 'room.frames_dropped', frames: this.droppedFrames };
      this.ws.send(JSON.stringify(dropped));
    }
    this.droppedFrames = 0;
    this.behindSince = undefined;
    this.ws.send(data, { binary: true });
  }

  private fallBehind(): void {
    this.droppedFrames++;
    this.behindSince ??= this.now();
    if (this.now() - this.behindSince >= this.limits.slowListenerTimeoutMs) this.disconnect('too slow');
  }

  /**
   * Destroys the socket: a close frame would queue behind the very backlog that is the problem,
   * so a slow listener sees the connection drop (1006) and reconnects to the live edge.
   */
  private disconnect(reason: string): void {
    this.logger.warn('room listener disconnected', { identity: this.identity, reason, queued: this.ws.bufferedAmount });
    this.ws.terminate();
  }
}
