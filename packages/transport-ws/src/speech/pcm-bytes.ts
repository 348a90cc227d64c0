import type { PcmFrame } from '@parley/core';

const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * The frame's samples as s16le bytes, the wire format of every endpoint. On a little-endian host
 * (every host Node ships for but s390x) this is a view of the frame's own buffer, no copy.
 */
export function pcmBytes(frame: PcmFrame): Buffer {
  const { data } = frame;
  if (LITTLE_ENDIAN_HOST) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const out = Buffer.allocUnsafe(data.byteLength);
  for (let i = 0; i < data.length; i++) out.writeInt16LE(data[i]!, i * 2);
  return out;
}
