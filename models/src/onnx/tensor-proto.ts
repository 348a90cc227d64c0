import { dtypeOf, protoDataType, type TypedData } from './dtype.js';
import { onnx, type TensorProto } from './proto.js';

/**
 * A tensor's bytes as ONNX `raw_data`: a view over the typed array's memory, not a copy.
 * ONNX raw data is little-endian, like every machine parley runs on.
 */
export function rawBytes(data: TypedData): Uint8Array {
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/**
 * An ONNX `TensorProto` holding `data` as `raw_data` — the compact encoding; `float_data`
 * and friends would go through protobufjs's per-element varint writer and a JS array.
 *
 * @throws Error when the element count does not match `dims`.
 */
export function tensorProto(name: string, data: TypedData, dims: readonly number[]): TensorProto {
  const count = dims.reduce((a, b) => a * b, 1);
  if (count !== data.length) {
    throw new Error(`tensor ${name}: ${data.length} elements for dims [${dims.join(',')}]`);
  }
  return onnx.TensorProto.create({
    name,
    dims: [...dims],
    dataType: protoDataType(dtypeOf(data)),
    rawData: rawBytes(data),
  });
}
