import { FrameDecodeError } from './codec-error';
import { GobReader } from './gob-reader';

/** Gob's predefined type ids (encoding/gob type.go). User types start above FIRST_USER_ID. */
export const GobId = { bool: 1, int: 2, uint: 3, float: 4, bytes: 5, string: 6, complex: 7, interface: 8 } as const;
export const FIRST_USER_ID = 64;

/** How deep this codec follows nested or recursive types of fields it skips (Go allows more; see the README). */
const MAX_DEPTH = 64;

export interface GobField {
  name: string;
  id: number;
}

/** A decoded `wireType`: which of its kinds were set (Go checks them in this priority when skipping). */
export interface WireType {
  array?: { elem: number; len: bigint };
  map?: { key: number; elem: number };
  slice?: { elem: number };
  struct?: { name: string; fields: GobField[] };
  opaque?: true; // GobEncoder, BinaryMarshaler, TextMarshaler: a byte string
}

/** Walks a struct's (delta, value) pairs the way Go does: a zero delta or the end of the message ends it. */
export function readStruct(r: GobReader, fieldCount: number, onField: (fieldnum: number) => void): void {
  let fieldnum = -1;
  while (r.remaining > 0) {
    const delta = r.small();
    if (delta === 0) return;
    fieldnum += delta;
    if (fieldnum >= fieldCount) throw new FrameDecodeError('gob', 'field number out of range');
    onField(fieldnum);
  }
}

function typeId(r: GobReader): number {
  const id = r.int();
  if (id < -0x80000000n || id > 0x7fffffffn) throw new FrameDecodeError('range', 'type id out of range');
  return Number(id);
}

function commonType(r: GobReader): { name: string; id: number } {
  const out = { name: '', id: 0 };
  readStruct(r, 2, (f) => {
    if (f === 0) out.name = r.name();
    else out.id = typeId(r);
  });
  return out;
}

/** Reads a `wireType` value (the body of a type-definition message). */
export function readWireType(r: GobReader): WireType {
  const wire: WireType = {};
  readStruct(r, 7, (kind) => {
    switch (kind) {
      case 0: {
        const a = { elem: 0, len: 0n };
        readStruct(r, 3, (f) => (f === 0 ? commonType(r) : f === 1 ? (a.elem = typeId(r)) : (a.len = r.int())));
        wire.array = a;
        break;
      }
      case 1: {
        const s = { elem: 0 };
        readStruct(r, 2, (f) => (f === 0 ? commonType(r) : (s.elem = typeId(r))));
        wire.slice = s;
        break;
      }
      case 2:
        wire.struct = readStructType(r);
        break;
      case 3: {
        const m = { key: 0, elem: 0 };
        readStruct(r, 3, (f) => (f === 0 ? commonType(r) : f === 1 ? (m.key = typeId(r)) : (m.elem = typeId(r))));
        wire.map = m;
        break;
      }
      default:
        readStruct(r, 1, () => commonType(r));
        wire.opaque = true;
    }
  });
  return wire;
}

function readStructType(r: GobReader): { name: string; fields: GobField[] } {
  const st = { name: '', fields: [] as GobField[] };
  readStruct(r, 2, (f) => {
    if (f === 0) {
      st.name = commonType(r).name;
      return;
    }
    const count = r.small();
    if (count > r.remaining) throw new FrameDecodeError('gob', 'field list longer than the message');
    const fields: GobField[] = [];
    for (let i = 0; i < count; i++) {
      if (r.remaining === 0) throw new FrameDecodeError('gob', 'field list longer than the message');
      const field = { name: '', id: 0 };
      readStruct(r, 2, (g) => (g === 0 ? (field.name = r.name()) : (field.id = typeId(r))));
      fields.push(field);
    }
    st.fields = fields;
  });
  return st;
}

/**
 * The types of one gob stream and how to skip values of fields the receiver does not know. `check` runs when a
 * struct is compiled (as Go does, before its value is read): every type an unknown field can reach must be defined.
 */
export class GobTypes {
  private readonly defs = new Map<number, WireType>();

  define(id: number, wire: WireType): void {
    if (id < FIRST_USER_ID || this.defs.has(id)) throw new FrameDecodeError('gob', 'duplicate type received');
    this.defs.set(id, wire);
  }

  get(id: number): WireType | undefined {
    return this.defs.get(id);
  }

  check(id: number, seen = new Set<number>(), depth = 0): void {
    if (id >= GobId.bool && id <= GobId.complex) return;
    if (id === GobId.interface) throw new FrameDecodeError('unsupported', 'interface-typed fields are not decoded');
    if (seen.has(id)) return;
    if (depth > MAX_DEPTH) throw new FrameDecodeError('unsupported', 'types nested too deeply');
    seen.add(id);
    const wire = this.defs.get(id);
    if (!wire) throw new FrameDecodeError('gob', `undefined type ${id}`);
    if (wire.array) this.check(wire.array.elem, seen, depth + 1);
    else if (wire.map) {
      this.check(wire.map.key, seen, depth + 1);
      this.check(wire.map.elem, seen, depth + 1);
    } else if (wire.slice) this.check(wire.slice.elem, seen, depth + 1);
    else if (wire.struct) {
      for (const f of wire.struct.fields) {
        if (f.name === '') throw new FrameDecodeError('gob', 'empty name for remote field');
        this.check(f.id, seen, depth + 1);
      }
    } else if (!wire.opaque) throw new FrameDecodeError('gob', `type ${id} has no kind`);
  }

  /** Skips one value of a type `check` accepted. */
  skip(r: GobReader, id: number, depth = 0): void {
    if (depth > MAX_DEPTH) throw new FrameDecodeError('unsupported', 'values nested too deeply');
    switch (id) {
      case GobId.bool:
      case GobId.int:
      case GobId.uint:
      case GobId.float:
        r.uint();
        return;
      case GobId.bytes:
      case GobId.string:
        r.skip(r.length('string'));
        return;
      case GobId.complex:
        r.uint();
        r.uint();
        return;
    }
    const wire = this.defs.get(id);
    if (!wire) throw new FrameDecodeError('gob', `undefined type ${id}`);
    if (wire.array) {
      if (r.uint() !== wire.array.len) throw new FrameDecodeError('gob', 'length mismatch in array');
      this.skipElements(r, Number(wire.array.len), [wire.array.elem], depth);
    } else if (wire.map) this.skipElements(r, r.small(), [wire.map.key, wire.map.elem], depth);
    else if (wire.slice) this.skipElements(r, r.small(), [wire.slice.elem], depth);
    else if (wire.struct) {
      const fields = wire.struct.fields;
      readStruct(r, fields.length, (f) => this.skip(r, fields[f].id, depth + 1));
    } else r.skip(r.length('encoded value'));
  }

  private skipElements(r: GobReader, count: number, ids: number[], depth: number): void {
    // every element takes at least one byte, so a count past the input is corrupt (and never loops for long)
    if (count > r.remaining) throw new FrameDecodeError('gob', 'element count exceeds the input');
    for (let i = 0; i < count; i++) {
      if (r.remaining === 0) throw new FrameDecodeError('gob', 'element count exceeds the input');
      for (const id of ids) this.skip(r, id, depth + 1);
    }
  }
}
