import onnxProto from 'onnx-proto';

/**
 * The protobufjs classes for the ONNX protobuf schema (`onnx.ModelProto`, `onnx.TensorProto`, …),
 * from the npm package `onnx-proto` (schema of onnx v1.10.2, IR version 8).
 *
 * `onnx-proto` is CommonJS with `module.exports = root`, so ESM sees the root as the default
 * export; this module is the one place that knows it.
 */
export const onnx = onnxProto.onnx;

/** An ONNX model message, as `onnx-proto` types it. */
export type ModelProto = import('onnx-proto').onnx.ModelProto;
/** An ONNX tensor message (initializers). */
export type TensorProto = import('onnx-proto').onnx.TensorProto;
/** An ONNX node message. */
export type NodeProto = import('onnx-proto').onnx.NodeProto;
/** An ONNX attribute message. */
export type AttributeProto = import('onnx-proto').onnx.AttributeProto;
/** An ONNX value-info message (graph inputs and outputs). */
export type ValueInfoProto = import('onnx-proto').onnx.ValueInfoProto;
