import { describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { MemoryLogger } from '../testing/helpers.js';
import { RoomListener } from './room-listener.js';

/** Just enough of a ws WebSocket: a settable bufferedAmount and a record of what was sent. */
class FakeSocket {
  readonly OPEN = 1;
  readyState = 1;
  bufferedAmount = 0;
  readonly sent: (string | Uint8Array)[] = [];
  send(data: string | Uint8Array): void {
    this.sent.push(data);
  }
  terminate(): void {
    this.readyState = 3;
  }
}

const LIMITS = { listenerHighWaterBytes: 100, listenerMaxBufferedBytes: 1_000, slowListenerTimeoutMs: 5_000 };

function listener(now: { t: number }) {
  const ws = new FakeSocket();
  const logger = new MemoryLogger();
  const room = new RoomListener(ws as unknown as WebSocket, 'ear', LIMITS, logger, () => now.t);
  return { ws, logger, room };
}

const FRAME = new Uint8Array(10);

describe('RoomListener slow-listener policy', () => {
  it('sends frames while the send buffer is under the high-water mark', () => {
    const { ws, room } = listener({ t: 0 });
    ws.bufferedAmount = 100;
    room.sendAudio(FRAME);
    expect(ws.sent).toEqual([FRAME]);
  });

  it('drops frames above the high-water mark but keeps control messages', () => {
    const { ws, room } = listener({ t: 0 });
    ws.bufferedAmount = 101;
    room.sendAudio(FRAME);
    room.sendText('{"type":"audio.done"}');
    expect(ws.sent).toEqual(['{"type":"audio.done"}']);
    expect(room.dropped).toBe(1);
  });

  it('reports the dropped frames once it catches up, before the next frame', () => {
    const { ws, room } = listener({ t: 0 });
    ws.bufferedAmount = 500;
    room.sendAudio(FRAME);
    room.sendAudio(FRAME);
    ws.bufferedAmount = 0;
    room.sendAudio(FRAME);
    expect(ws.sent).toEqual([JSON.stringify({ type: 'room.frames_dropped', frames: 2 }), FRAME]);
    expect(room.dropped).toBe(0);
  });

  it('disconnects a listener behind for slowListenerTimeoutMs', () => {
    const now = { t: 0 };
    const { ws, room, logger } = listener(now);
    ws.bufferedAmount = 500;
    room.sendAudio(FRAME);
    now.t = 4_999;
    room.sendAudio(FRAME);
    expect(ws.readyState).toBe(1);
    now.t = 5_000;
    room.sendAudio(FRAME);
    expect(ws.readyState).toBe(3);
    expect(logger.lines[0]).toMatchObject({ message: 'room listener disconnected', fields: { reason: 'too slow' } });
  });

  it('a listener that catches up starts its slow clock afresh', () => {
    const now = { t: 0 };
    const { ws, room } = listener(now);
    ws.bufferedAmount = 500;
    room.sendAudio(FRAME);
    now.t = 4_000;
    ws.bufferedAmount = 0;
    room.sendAudio(FRAME);
    ws.bufferedAmount = 500;
    now.t = 8_000;
    room.sendAudio(FRAME);
    expect(ws.readyState).toBe(1);
  });

  it('disconnects at once at the hard bound, for audio and control messages alike', () => {
    for (const send of [(r: RoomListener) => r.sendAudio(FRAME), (r: RoomListener) => r.sendText('{}')]) {
      const { ws, room } = listener({ t: 0 });
      ws.bufferedAmount = 1_000;
      send(room);
      expect(ws.readyState).toBe(3);
      expect(ws.sent).toEqual([]);
    }
  });
});
