import { attributeProto, type Attrs } from './attributes.js';
import { protoDataType, type DType, type TypedData } from './dtype.js';
import { onnx, type ModelProto, type NodeProto, type TensorProto, type ValueInfoProto } from './proto.js';
import { tensorProto } from './tensor-proto.js';

/** A dimension of a graph input or output: a fixed size or a symbolic name such as `"T"`. */
export type Dim = number | string;

/** An initializer as the builder keeps it: its data stays a typed array until the model is written. */
export interface Initializer {
  readonly name: string;
  readonly data: TypedData;
  readonly dims: readonly number[];
}

/** Options for {@link GraphBuilder}. */
export interface GraphBuilderOptions {
  /** The ai.onnx opset to import; 17 by default (the highest Debian's python3-onnx 1.12 knows). */
  opset?: number;
  /** Written as the model's `producer_name`. */
  producer?: string;
}

/**
 * Turns an initializer into its `TensorProto`; {@link writeModel} passes one that moves large
 * tensors to an external data file.
 */
export type InitializerEncoder = (init: Initializer) => TensorProto;

/** IR version 8 is the newest `onnx-proto` 8.0.1 knows, and the one opset 17 requires. */
const IR_VERSION = 8;

/**
 * A thin, typed builder for one ONNX graph: declare inputs, add initializers and nodes (each
 * returns the name of the value it makes), declare outputs, then encode.
 *
 * @example
 * ```ts
 * const g = new GraphBuilder('scale');
 * const x = g.input('x', 'float32', [1, 'T']);
 * g.output(g.op('Mul', [x, g.constF32([2])]), 'y', 'float32', [1, 'T']);
 * fs.writeFileSync('scale.onnx', g.toBytes());
 * ```
 */
export class GraphBuilder {
  /** The ai.onnx opset the model imports. */
  readonly opset: number;
  private readonly producer: string;
  private readonly inputs: ValueInfoProto[] = [];
  private readonly outputs: ValueInfoProto[] = [];
  private readonly nodes: NodeProto[] = [];
  private readonly inits: Initializer[] = [];
  private readonly constants = new Map<string, string>();
  private readonly metadata: Array<{ key: string; value: string }> = [];
  /** Operator domains other than ai.onnx that nodes use, e.g. `com.microsoft` (version 1). */
  private readonly domains = new Set<string>();
  private counter = 0;

  constructor(
    /** The graph's name (the stand-in uses the file name, e.g. `talker_decode`). */
    readonly name: string,
    options: GraphBuilderOptions = {},
  ) {
    this.opset = options.opset ?? 17;
    this.producer = options.producer ?? 'parley-models';
  }

  /** Declares a graph input and returns its name. */
  input(name: string, dtype: DType, dims: readonly Dim[]): string {
    this.inputs.push(valueInfo(name, dtype, dims));
    return name;
  }

  /** Declares `value` as graph output `name` (through an Identity node when the names differ). */
  output(value: string, name: string, dtype: DType, dims: readonly Dim[]): void {
    if (value !== name) this.nodes.push(onnx.NodeProto.create({ opType: 'Identity', input: [value], output: [name], name }));
    this.outputs.push(valueInfo(name, dtype, dims));
  }

  /** Adds a named initializer (a weight) and returns its name. The data is not copied. */
  initializer(name: string, data: TypedData, dims: readonly number[]): string {
    if (this.inits.some((i) => i.name === name)) throw new Error(`duplicate initializer ${name}`);
    tensorProto(name, data, dims); // validates the element count now rather than at write time
    this.inits.push({ name, data, dims: [...dims] });
    return name;
  }

  /** An int64 constant (a scalar when `dims` is `[]`); equal constants are shared. */
  constI64(values: readonly number[], dims: readonly number[] = [values.length]): string {
    return this.constant(
      BigInt64Array.from(values, (v) => BigInt(v)),
      dims,
    );
  }

  /** A float32 constant (a scalar when `dims` is `[]`); equal constants are shared. */
  constF32(values: readonly number[], dims: readonly number[] = [values.length]): string {
    return this.constant(Float32Array.from(values), dims);
  }

  /** Adds one node with a single output and returns that output's name. */
  op(type: string, inputs: readonly string[], attrs: Attrs = {}, hint?: string): string {
    const [out] = this.opMulti(type, inputs, 1, attrs, hint);
    return out!;
  }

  /** Adds one node with `outputCount` outputs and returns their names. */
  opMulti(type: string, inputs: readonly string[], outputCount: number, attrs: Attrs = {}, hint?: string): string[] {
    return this.node('', type, inputs, outputCount, attrs, hint);
  }

  /**
   * Adds one node of an operator outside ai.onnx (ONNX Runtime's `com.microsoft` contrib ops,
   * such as `MatMulNBits`) and returns its output's name; the model then imports that domain.
   */
  domainOp(domain: string, type: string, inputs: readonly string[], attrs: Attrs = {}, hint?: string): string {
    this.domains.add(domain);
    return this.node(domain, type, inputs, 1, attrs, hint)[0]!;
  }

  /** Adds a `metadata_props` entry (readable as the model's custom metadata). */
  setMetadata(key: string, value: string): void {
    this.metadata.push({ key, value });
  }

  /** The initializers added so far, in order. */
  get initializers(): readonly Initializer[] {
    return this.inits;
  }

  /** The whole model as a protobuf message; `encode` decides how each initializer is stored. */
  toModel(encode: InitializerEncoder = (i) => tensorProto(i.name, i.data, i.dims)): ModelProto {
    const graph = onnx.GraphProto.create({
      name: this.name,
      node: this.nodes,
      input: this.inputs,
      output: this.outputs,
      initializer: this.inits.map(encode),
    });
    return onnx.ModelProto.create({
      irVersion: IR_VERSION,
      producerName: this.producer,
      opsetImport: [{ domain: '', version: this.opset }, ...[...this.domains].map((domain) => ({ domain, version: 1 }))],
      graph,
      metadataProps: this.metadata,
    });
  }

  /** The model encoded in one buffer, every initializer inline (protobuf caps this at 2 GiB). */
  toBytes(): Uint8Array {
    return onnx.ModelProto.encode(this.toModel()).finish();
  }

  private node(
    domain: string,
    type: string,
    inputs: readonly string[],
    outputCount: number,
    attrs: Attrs,
    hint: string | undefined,
  ): string[] {
    const base = this.fresh(hint ?? type);
    const output = Array.from({ length: outputCount }, (_, i) => (outputCount === 1 ? base : `${base}:${i}`));
    const attribute = Object.entries(attrs).map(([k, v]) => attributeProto(k, v));
    this.nodes.push(onnx.NodeProto.create({ opType: type, ...(domain && { domain }), input: [...inputs], output, name: base, attribute }));
    return output;
  }

  private constant(data: Float32Array | BigInt64Array, dims: readonly number[]): string {
    const key = `${data instanceof Float32Array ? 'f' : 'i'}[${dims.join(',')}]${data.join(',')}`;
    const known = this.constants.get(key);
    if (known !== undefined) return known;
    const name = this.initializer(this.fresh('const'), data, dims);
    this.constants.set(key, name);
    return name;
  }

  private fresh(hint: string): string {
    this.counter += 1;
    return `${hint}_${this.counter}`;
  }
}

function valueInfo(name: string, dtype: DType, dims: readonly Dim[]): ValueInfoProto {
  const dim = dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d }));
  return onnx.ValueInfoProto.create({
    name,
    type: { tensorType: { elemType: protoDataType(dtype), shape: { dim } } },
  });
}
