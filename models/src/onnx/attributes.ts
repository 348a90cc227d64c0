import { onnx, type AttributeProto } from './proto.js';

/**
 * A float attribute. A plain `number` attribute is written as an INT, because every attribute
 * the stand-in graphs use is an integer (axis, perm, keepdims, to, kernel_shape…); a float has
 * to say so.
 */
export class FloatAttr {
  constructor(readonly value: number) {}
}

/** What {@link GraphBuilder.op} accepts as an attribute value. */
export type AttrValue = number | readonly number[] | string | FloatAttr;

/** The attributes of one node, by ONNX attribute name. */
export type Attrs = Readonly<Record<string, AttrValue>>;

const { AttributeType } = onnx.AttributeProto;

/** One `AttributeProto` from a name and a value (see {@link AttrValue} for how types are chosen). */
export function attributeProto(name: string, value: AttrValue): AttributeProto {
  if (value instanceof FloatAttr) {
    return onnx.AttributeProto.create({ name, type: AttributeType.FLOAT, f: value.value });
  }
  if (typeof value === 'string') {
    return onnx.AttributeProto.create({ name, type: AttributeType.STRING, s: new TextEncoder().encode(value) });
  }
  if (typeof value === 'number') {
    assertInteger(name, value);
    return onnx.AttributeProto.create({ name, type: AttributeType.INT, i: value });
  }
  value.forEach((v) => assertInteger(name, v));
  return onnx.AttributeProto.create({ name, type: AttributeType.INTS, ints: [...value] });
}

function assertInteger(name: string, value: number): void {
  if (!Number.isInteger(value)) throw new Error(`attribute ${name}: ${value} is not an integer; wrap floats in FloatAttr`);
}
