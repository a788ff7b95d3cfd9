/**
 * Runtime values and their memory representation.
 *
 * Values are plain JS data: numbers (f32/i32/u32/abstract), booleans, arrays
 * for vectors, matrices (array of columns), arrays and structs (members in
 * declaration order), and PointerValue for pointers. Values are never mutated
 * after creation, so they can be shared freely between bindings.
 *
 * Readers and writers are specialised per type once, at compile time, to move
 * values between JS and the flat word memory.
 */
import type { Memory } from './memory.ts';
import { columnStride, strideOf, type WType } from './wgsl-types.ts';

export type Value = number | boolean | PointerValue | Value[];

export class PointerValue {
  readonly mem: Memory;
  /** Word offset in `mem`; -1 when the pointer was formed from an out-of-bounds access. */
  readonly off: number;
  constructor(mem: Memory, off: number) {
    this.mem = mem;
    this.off = off;
  }
}

export type Reader = (mem: Memory, off: number) => Value;
export type Writer = (mem: Memory, off: number, value: Value) => void;

export function makeReader(t: WType): Reader {
  switch (t.kind) {
    case 'scalar':
    case 'atomic':
      switch (t.scalar) {
        case 'f32':
          return (m, o) => m.f32[o] ?? 0;
        case 'i32':
          return (m, o) => m.i32[o] ?? 0;
        case 'u32':
          return (m, o) => m.u32[o] ?? 0;
        case 'bool':
          return (m, o) => (m.u32[o] ?? 0) !== 0;
        default:
          throw new Error(`makeReader: abstract type ${t.scalar} has no memory representation`);
      }
    case 'vec': {
      const component = makeReader({ kind: 'scalar', scalar: t.scalar });
      const n = t.n;
      return (m, o) => {
        const out: Value[] = new Array<Value>(n);
        for (let i = 0; i < n; i++) out[i] = component(m, o + i);
        return out;
      };
    }
    case 'mat': {
      const column = makeReader({ kind: 'vec', n: t.rows, scalar: t.scalar });
      const stride = columnStride(t);
      const cols = t.cols;
      return (m, o) => {
        const out: Value[] = new Array<Value>(cols);
        for (let c = 0; c < cols; c++) out[c] = column(m, o + c * stride);
        return out;
      };
    }
    case 'array': {
      const element = makeReader(t.elem);
      const stride = strideOf(t.elem);
      const count = t.count ?? 0;
      return (m, o) => {
        const out: Value[] = new Array<Value>(count);
        for (let i = 0; i < count; i++) out[i] = element(m, o + i * stride);
        return out;
      };
    }
    case 'struct': {
      const members = t.members.map((member) => ({ read: makeReader(member.type), offset: member.offset }));
      return (m, o) => members.map((member) => member.read(m, o + member.offset));
    }
    default:
      throw new Error(`makeReader: values of type ${t.kind} cannot be loaded`);
  }
}

export function makeWriter(t: WType): Writer {
  switch (t.kind) {
    case 'scalar':
    case 'atomic':
      switch (t.scalar) {
        case 'f32':
          return (m, o, v) => {
            m.f32[o] = v as number;
          };
        case 'i32':
          return (m, o, v) => {
            m.i32[o] = v as number;
          };
        case 'u32':
          return (m, o, v) => {
            m.u32[o] = v as number;
          };
        case 'bool':
          return (m, o, v) => {
            m.u32[o] = v ? 1 : 0;
          };
        default:
          throw new Error(`makeWriter: abstract type ${t.scalar} has no memory representation`);
      }
    case 'vec': {
      const component = makeWriter({ kind: 'scalar', scalar: t.scalar });
      const n = t.n;
      return (m, o, v) => {
        const values = v as Value[];
        for (let i = 0; i < n; i++) component(m, o + i, values[i] as Value);
      };
    }
    case 'mat': {
      const column = makeWriter({ kind: 'vec', n: t.rows, scalar: t.scalar });
      const stride = columnStride(t);
      const cols = t.cols;
      return (m, o, v) => {
        const values = v as Value[];
        for (let c = 0; c < cols; c++) column(m, o + c * stride, values[c] as Value);
      };
    }
    case 'array': {
      const element = makeWriter(t.elem);
      const stride = strideOf(t.elem);
      const count = t.count ?? 0;
      return (m, o, v) => {
        const values = v as Value[];
        for (let i = 0; i < count; i++) element(m, o + i * stride, values[i] as Value);
      };
    }
    case 'struct': {
      const members = t.members.map((member) => ({ write: makeWriter(member.type), offset: member.offset }));
      return (m, o, v) => {
        const values = v as Value[];
        for (let i = 0; i < members.length; i++) {
          const member = members[i];
          if (member) member.write(m, o + member.offset, values[i] as Value);
        }
      };
    }
    default:
      throw new Error(`makeWriter: values of type ${t.kind} cannot be stored`);
  }
}

export function zeroValue(t: WType): Value {
  switch (t.kind) {
    case 'scalar':
    case 'atomic':
      return t.scalar === 'bool' ? false : 0;
    case 'vec':
      return new Array<Value>(t.n).fill(t.scalar === 'bool' ? false : 0);
    case 'mat':
      return Array.from({ length: t.cols }, () => new Array<Value>(t.rows).fill(0));
    case 'array':
      return Array.from({ length: t.count ?? 0 }, () => zeroValue(t.elem));
    case 'struct':
      return t.members.map((m) => zeroValue(m.type));
    default:
      return 0;
  }
}
