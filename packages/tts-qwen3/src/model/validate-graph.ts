import { ParleyError } from '@parley/core';
import type * as ort from 'onnxruntime-node';
import { graphFile, type GraphSpec, type KvSpec, type TensorSpec } from '@parley/qwen3-contract';

/** The parts of an ORT session's metadata the checks read. */
export interface GraphMetadata {
  readonly inputMetadata: readonly ort.InferenceSession.ValueMetadata[];
  readonly outputMetadata: readonly ort.InferenceSession.ValueMetadata[];
}

/** A tensor's metadata once known to be a tensor: its dtype and shape (numbers or symbols). */
export interface TensorInfo {
  readonly name: string;
  readonly type: string;
  readonly shape: readonly (number | string)[];
}

/**
 * Checks a loaded graph against its contract and returns the number of layers it carries KV
 * for (0 for graphs without a cache).
 * @throws ParleyError MODEL_LOAD_FAILED naming the file and what was expected.
 */
export function validateGraph(spec: GraphSpec, metadata: GraphMetadata, file = graphFile(spec.name)): number {
  const inputs = tensors(metadata.inputMetadata);
  const outputs = tensors(metadata.outputMetadata);
  spec.inputs.forEach((expected, index) => check(file, 'input', expected, find(inputs, expected, index)));
  spec.outputs.forEach((expected, index) => check(file, 'output', expected, find(outputs, expected, index)));
  const inputLayers = spec.kvInputs && kvLayers(file, 'input', inputs, spec.kvInputs);
  const outputLayers = spec.kvOutputs && kvLayers(file, 'output', outputs, spec.kvOutputs);
  if (inputLayers !== undefined && outputLayers !== undefined && inputLayers !== outputLayers) {
    throw loadFailed(
      file,
      `${inputLayers} ${spec.kvInputs!.prefix}_key_* inputs but ${outputLayers} ${spec.kvOutputs!.prefix}_key_* outputs`,
    );
  }
  return outputLayers ?? inputLayers ?? 0;
}

/** The tensor named in `spec`, or for an unnamed spec the one at `index`. */
function find(list: readonly TensorInfo[], spec: TensorSpec, index: number): TensorInfo | undefined {
  return spec.name === undefined ? list[index] : list.find((tensor) => tensor.name === spec.name);
}

function check(file: string, side: 'input' | 'output', expected: TensorSpec, actual: TensorInfo | undefined): void {
  const label = expected.name === undefined ? `an ${side}` : `${side} '${expected.name}'`;
  const wanted = `${expected.type} of rank ${expected.ranks.join(' or ')}`;
  if (actual === undefined) throw loadFailed(file, `expected ${label} (${wanted}), found none`);
  if (actual.type !== expected.type || !expected.ranks.includes(actual.shape.length)) {
    throw loadFailed(file, `expected ${label} to be ${wanted}, found ${actual.type} [${actual.shape.join(',')}]`);
  }
}

/**
 * Counts `<prefix>_key_i` / `<prefix>_value_i` pairs, which must run 0..L−1 without gaps, each
 * f32 of the spec's rank (`[1,kvH,T,hd]` in the community layout, `[kvH,T,hd]` in the parley
 * one). The count is the layer count (docs/model.md#sizes).
 */
function kvLayers(file: string, side: 'input' | 'output', list: readonly TensorInfo[], { prefix, rank }: KvSpec): number {
  const keys = list.filter((tensor) => tensor.name.startsWith(`${prefix}_key_`));
  if (keys.length === 0) throw loadFailed(file, `expected ${side}s ${prefix}_key_0, ${prefix}_value_0, … (the KV cache), found none`);
  for (let layer = 0; layer < keys.length; layer++) {
    for (const kind of ['key', 'value']) {
      const name = `${prefix}_${kind}_${layer}`;
      check(
        file,
        side,
        { name, type: 'float32', ranks: [rank] },
        list.find((tensor) => tensor.name === name),
      );
    }
  }
  return keys.length;
}

function tensors(metadata: readonly ort.InferenceSession.ValueMetadata[]): TensorInfo[] {
  return metadata
    .filter((value) => value.isTensor)
    .map((value) => {
      const tensor = value as ort.InferenceSession.TensorValueMetadata;
      return { name: tensor.name, type: tensor.type, shape: tensor.shape };
    });
}

/** A MODEL_LOAD_FAILED error about `file`. */
export function loadFailed(file: string, what: string, cause?: unknown): ParleyError {
  return new ParleyError('MODEL_LOAD_FAILED', `${file}: ${what}`, cause === undefined ? {} : { cause });
}

/** The static size of dimension `axis` of a tensor, or undefined when it is symbolic. */
export function staticDim(tensor: TensorInfo | undefined, axis: number): number | undefined {
  const dim = tensor?.shape.at(axis);
  return typeof dim === 'number' && dim > 0 ? dim : undefined;
}

/** The tensors of a metadata list by name. */
export function tensorInfo(metadata: readonly ort.InferenceSession.ValueMetadata[], name: string): TensorInfo | undefined {
  return tensors(metadata).find((tensor) => tensor.name === name);
}
