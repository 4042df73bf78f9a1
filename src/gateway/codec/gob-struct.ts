import { FrameDecodeError } from './codec-error';
import { GobReader } from './gob-reader';
import { GobId, GobTypes, readStruct, readWireType } from './gob-types';
import { GobWriter } from './gob-writer';

export type GobKind = 'int' | 'string' | 'bytes';
export type GobValue = bigint | string | Buffer;

/** One field of a local struct: its Go name, wire kind, and for ints the range the Go field type holds. */
export interface GobFieldSpec {
  name: string;
  kind: GobKind;
  min?: bigint;
  max?: bigint;
}

const WIRE_ID: Record<GobKind, number> = { int: GobId.int, string: GobId.string, bytes: GobId.bytes };

/**
 * Decodes one frame (a complete gob stream from a fresh encoder: type definitions, then one struct value) into the
 * fields of `spec`, matched by name as Go's decoder does. Fields absent from the value keep no entry.
 * Throws only FrameDecodeError.
 */
export function decodeGobStruct(frame: Uint8Array, spec: readonly GobFieldSpec[]): Map<string, GobValue> {
  const input = new GobReader(frame);
  const types = new GobTypes();
  let sawDefinition = false;
  for (;;) {
    if (input.remaining === 0) {
      throw new FrameDecodeError('gob', sawDefinition ? 'type definitions without a value' : 'empty frame');
    }
    const msg = input.take(input.length('message'));
    const id = Number(BigInt.asIntN(32, msg.int()));
    if (id >= 0) return decodeValue(msg, types, id, spec);
    // -(-2^31) overflows back to itself in Go's int32 and is refused as a predefined id below
    types.define(id === -0x80000000 ? id : -id, readWireType(msg));
    if (msg.remaining > 0) throw new FrameDecodeError('gob', 'extra data in type definition');
    sawDefinition = true;
  }
}

function decodeValue(
  msg: GobReader,
  types: GobTypes,
  id: number,
  spec: readonly GobFieldSpec[],
): Map<string, GobValue> {
  const wire = types.get(id);
  if (!wire) throw new FrameDecodeError('gob', `value of undefined type ${id}`);
  if (!wire.struct) throw new FrameDecodeError('type', 'the value is not a struct');
  const fields = wire.struct.fields;
  const local = fields.map((f) => {
    if (f.name === '') throw new FrameDecodeError('gob', 'empty name for remote field');
    const mine = spec.find((s) => s.name === f.name);
    if (!mine) {
      types.check(f.id);
      return undefined;
    }
    if (f.id !== WIRE_ID[mine.kind]) throw new FrameDecodeError('type', `wrong wire type ${f.id}`, f.name);
    return mine;
  });
  if (spec.length > 0 && fields.length > 0 && local.every((l) => l === undefined)) {
    throw new FrameDecodeError('type', 'no fields matched');
  }
  const out = new Map<string, GobValue>();
  readStruct(msg, fields.length, (fieldnum) => {
    const mine = local[fieldnum];
    if (!mine) return types.skip(msg, fields[fieldnum].id);
    out.set(mine.name, readField(msg, mine));
  });
  return out;
}

function readField(r: GobReader, spec: GobFieldSpec): GobValue {
  switch (spec.kind) {
    case 'int': {
      const v = r.int();
      if ((spec.min !== undefined && v < spec.min) || (spec.max !== undefined && v > spec.max)) {
        throw new FrameDecodeError('range', `value ${v} out of range`, spec.name);
      }
      return v;
    }
    case 'string':
      return r.string(spec.name);
    case 'bytes':
      return r.bytes('byte slice');
  }
}

/** A gob stream for one struct value, as a fresh Go encoder writes it: the type definition, then the value. */
export function encodeGobStruct(
  typeName: string,
  typeId: number,
  spec: readonly GobFieldSpec[],
  values: readonly GobValue[],
): Buffer {
  const def = new GobWriter().int(-typeId);
  def.uint(3).uint(1); // wireType.StructT, structType.CommonType
  def.uint(1).string(typeName).uint(1).int(typeId).uint(0);
  def.uint(1).uint(spec.length); // structType.Field
  for (const f of spec) def.uint(1).string(f.name).uint(1).int(WIRE_ID[f.kind]).uint(0);
  def.uint(0).uint(0);

  const value = new GobWriter().int(typeId);
  let last = -1;
  spec.forEach((f, i) => {
    const v = values[i];
    if (typeof v === 'bigint' ? v === 0n : v.length === 0) return; // gob omits zero values
    value.uint(i - last);
    last = i;
    if (typeof v === 'bigint') value.int(v);
    else if (typeof v === 'string') value.string(v);
    else value.bytes(v);
  });
  value.uint(0);
  return new GobWriter().message(def).message(value).finish();
}
