import { onnx } from './proto.js';

/** The element types the stand-in graphs use, by their onnxruntime-node names. */
export type DType = 'float32' | 'int64' | 'int32' | 'uint8' | 'int8' | 'bool';

/** The typed arrays that hold the data of a {@link DType}. */
export type TypedData = Float32Array | BigInt64Array | Int32Array | Uint8Array | Int8Array;

const PROTO_TYPE: Readonly<Record<DType, number>> = {
  float32: onnx.TensorProto.DataType.FLOAT,
  int64: onnx.TensorProto.DataType.INT64,
  int32: onnx.TensorProto.DataType.INT32,
  uint8: onnx.TensorProto.DataType.UINT8,
  int8: onnx.TensorProto.DataType.INT8,
  bool: onnx.TensorProto.DataType.BOOL,
};

/** The `TensorProto.DataType` number of a {@link DType} (e.g. `float32` → 1). */
export function protoDataType(dtype: DType): number {
  return PROTO_TYPE[dtype];
}

/** The {@link DType} that a typed array's elements are stored as. */
export function dtypeOf(data: TypedData): DType {
  if (data instanceof Float32Array) return 'float32';
  if (data instanceof BigInt64Array) return 'int64';
  if (data instanceof Int32Array) return 'int32';
  if (data instanceof Int8Array) return 'int8';
  return 'uint8'; // packed quantized weights; no initializer is bool
}
