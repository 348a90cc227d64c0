import { closeSync, openSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { writeAll } from '../io/sync-io.js';
import type { GraphBuilder, Initializer } from './graph-builder.js';
import { dtypeOf, protoDataType } from './dtype.js';
import { rawBytes, tensorProto } from './tensor-proto.js';
import { onnx, type TensorProto } from './proto.js';
import type { ExternalDataMode } from './external-data.js';

/** Options for {@link writeModel}. */
export interface WriteModelOptions {
  /**
   * `auto` (the default) keeps everything in the `.onnx` file unless the initializers add up
   * to more than {@link EXTERNAL_DATA_AUTO_BYTES}; protobuf cannot encode a message over 2 GiB,
   * and the real 0.6B talker is ~1.8 GB.
   */
  externalData?: ExternalDataMode;
}

/** What {@link writeModel} wrote. */
export interface WrittenModel {
  /** Bytes of the `.onnx` file. */
  modelBytes: number;
  /** Bytes of the `<file>.data` side file, 0 when there is none. */
  externalBytes: number;
}

/** Above this many initializer bytes, `auto` writes external data (1 GiB, well under protobuf's 2 GiB). */
const EXTERNAL_DATA_AUTO_BYTES = 1024 ** 3;

/** Initializers smaller than this stay inline even in external mode (shape constants, norms). */
const EXTERNAL_MIN_TENSOR_BYTES = 4096;

/** Offsets in the side file are aligned so that onnxruntime can map tensors directly. */
const EXTERNAL_ALIGN_BYTES = 4096;

/**
 * Writes a built graph to `path`. Large initializers are streamed one by one into
 * `<path>.data` (ONNX external data, located relative to the model file), so a real-size
 * model never becomes one giant buffer.
 */
export function writeModel(path: string, graph: GraphBuilder, options: WriteModelOptions = {}): WrittenModel {
  const total = graph.initializers.reduce((sum, i) => sum + i.data.byteLength, 0);
  const mode = options.externalData ?? 'auto';
  const external = mode === 'always' || (mode === 'auto' && total > EXTERNAL_DATA_AUTO_BYTES);
  if (!external) {
    const bytes = graph.toBytes();
    writeFileSync(path, bytes);
    return { modelBytes: bytes.byteLength, externalBytes: 0 };
  }
  const dataPath = `${path}.data`;
  const fd = openSync(dataPath, 'w');
  try {
    const writer = new ExternalWriter(fd, basename(dataPath));
    const bytes = onnx.ModelProto.encode(graph.toModel((init) => writer.encode(init))).finish();
    writeFileSync(path, bytes);
    return { modelBytes: bytes.byteLength, externalBytes: writer.offset };
  } finally {
    closeSync(fd);
  }
}

/** Appends tensors to the side file and describes each one's location. */
class ExternalWriter {
  offset = 0;

  constructor(
    private readonly fd: number,
    private readonly location: string,
  ) {}

  encode(init: Initializer): TensorProto {
    if (init.data.byteLength < EXTERNAL_MIN_TENSOR_BYTES) return tensorProto(init.name, init.data, init.dims);
    const start = Math.ceil(this.offset / EXTERNAL_ALIGN_BYTES) * EXTERNAL_ALIGN_BYTES;
    if (start > this.offset) writeAll(this.fd, new Uint8Array(start - this.offset));
    const bytes = rawBytes(init.data);
    writeAll(this.fd, bytes);
    this.offset = start + bytes.byteLength;
    // No raw_data field at all: onnx.proto is proto2, where an empty-but-present field still counts.
    return onnx.TensorProto.create({
      name: init.name,
      dims: [...init.dims],
      dataType: protoDataType(dtypeOf(init.data)),
      dataLocation: onnx.TensorProto.DataLocation.EXTERNAL,
      externalData: [
        { key: 'location', value: this.location },
        { key: 'offset', value: String(start) },
        { key: 'length', value: String(bytes.byteLength) },
      ],
    });
  }
}
