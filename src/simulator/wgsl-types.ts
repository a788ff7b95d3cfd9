/**
 * The simulator's model of WGSL types: construction, naming, equality, the
 * abstract-numeric conversion rules, and the memory layout (size, alignment,
 * strides, member offsets) of host-shareable types.
 *
 * Layout is measured in 32-bit words: every type the simulator supports is a
 * multiple of 4 bytes, and memory is addressed per word so that races are
 * found at the granularity of WGSL memory locations (one scalar each).
 */

export type ScalarKind = 'f32' | 'i32' | 'u32' | 'bool' | 'abstract-int' | 'abstract-float';
export type AddressSpace = 'function' | 'private' | 'workgroup' | 'storage' | 'uniform';
export type AccessMode = 'read' | 'write' | 'read_write';

export interface ScalarType {
  readonly kind: 'scalar';
  readonly scalar: ScalarKind;
}
export interface VectorType {
  readonly kind: 'vec';
  readonly n: 2 | 3 | 4;
  readonly scalar: ScalarKind;
}
export interface MatrixType {
  readonly kind: 'mat';
  readonly cols: 2 | 3 | 4;
  readonly rows: 2 | 3 | 4;
  readonly scalar: 'f32' | 'abstract-float';
}
export interface ArrayTypeModel {
  readonly kind: 'array';
  readonly elem: WType;
  /** Element count; null for a runtime-sized array (its length comes from the bound buffer). */
  readonly count: number | null;
}
export interface StructMember {
  readonly name: string;
  readonly type: WType;
  /** Offset from the start of the struct, in words. */
  readonly offset: number;
}
export interface StructType {
  readonly kind: 'struct';
  readonly name: string;
  readonly members: readonly StructMember[];
  readonly sizeWords: number;
  readonly alignWords: number;
}
export interface AtomicType {
  readonly kind: 'atomic';
  readonly scalar: 'i32' | 'u32';
}
export interface PointerType {
  readonly kind: 'ptr';
  readonly space: AddressSpace;
  readonly elem: WType;
  readonly access: AccessMode;
}
export interface VoidType {
  readonly kind: 'void';
}

export type WType =
  | ScalarType
  | VectorType
  | MatrixType
  | ArrayTypeModel
  | StructType
  | AtomicType
  | PointerType
  | VoidType;

const scalarCache = new Map<ScalarKind, ScalarType>();
export function scalarType(scalar: ScalarKind): ScalarType {
  let t = scalarCache.get(scalar);
  if (!t) {
    t = { kind: 'scalar', scalar };
    scalarCache.set(scalar, t);
  }
  return t;
}

export const F32 = scalarType('f32');
export const I32 = scalarType('i32');
export const U32 = scalarType('u32');
export const BOOL = scalarType('bool');
export const ABSTRACT_INT = scalarType('abstract-int');
export const ABSTRACT_FLOAT = scalarType('abstract-float');
export const VOID: VoidType = { kind: 'void' };

export function vecType(n: 2 | 3 | 4, scalar: ScalarKind): VectorType {
  return { kind: 'vec', n, scalar };
}
export function matType(cols: 2 | 3 | 4, rows: 2 | 3 | 4, scalar: 'f32' | 'abstract-float' = 'f32'): MatrixType {
  return { kind: 'mat', cols, rows, scalar };
}
export function arrayType(elem: WType, count: number | null): ArrayTypeModel {
  return { kind: 'array', elem, count };
}
export function ptrType(space: AddressSpace, elem: WType, access: AccessMode): PointerType {
  return { kind: 'ptr', space, elem, access };
}

/** Builds a struct type with WGSL's host-shareable layout (optionally with @align/@size overrides, in bytes). */
export function structType(
  name: string,
  members: readonly { name: string; type: WType; alignBytes?: number; sizeBytes?: number }[],
): StructType {
  let offset = 0;
  let maxAlign = 1;
  const laidOut: StructMember[] = [];
  for (const m of members) {
    const align = m.alignBytes ? Math.max(1, m.alignBytes / 4) : alignOf(m.type);
    const size = m.sizeBytes ? Math.ceil(m.sizeBytes / 4) : sizeOf(m.type);
    offset = roundUp(offset, align);
    laidOut.push({ name: m.name, type: m.type, offset });
    offset += size;
    maxAlign = Math.max(maxAlign, align);
  }
  return { kind: 'struct', name, members: laidOut, sizeWords: roundUp(offset, maxAlign), alignWords: maxAlign };
}

export function roundUp(value: number, multiple: number): number {
  return Math.ceil(value / multiple) * multiple;
}

export function isAbstract(t: WType): boolean {
  const s = scalarOf(t);
  return s === 'abstract-int' || s === 'abstract-float';
}
export function isIntegerScalar(s: ScalarKind): boolean {
  return s === 'i32' || s === 'u32' || s === 'abstract-int';
}
export function isFloatScalar(s: ScalarKind): boolean {
  return s === 'f32' || s === 'abstract-float';
}

/** The scalar kind of a scalar, vector or matrix type; null for other types. */
export function scalarOf(t: WType): ScalarKind | null {
  if (t.kind === 'scalar' || t.kind === 'vec' || t.kind === 'mat') return t.scalar;
  return null;
}

/** Replaces the scalar kind of a scalar or vector type (used by conversions and comparisons). */
export function withScalar(t: WType, scalar: ScalarKind): WType {
  if (t.kind === 'vec') return vecType(t.n, scalar);
  if (t.kind === 'mat') return matType(t.cols, t.rows, scalar === 'abstract-float' ? 'abstract-float' : 'f32');
  return scalarType(scalar);
}

export function typeName(t: WType): string {
  switch (t.kind) {
    case 'scalar':
      return t.scalar === 'abstract-int' ? 'abstract-int' : t.scalar === 'abstract-float' ? 'abstract-float' : t.scalar;
    case 'vec':
      return `vec${t.n}<${typeName(scalarType(t.scalar))}>`;
    case 'mat':
      return `mat${t.cols}x${t.rows}<${t.scalar === 'f32' ? 'f32' : 'abstract-float'}>`;
    case 'array':
      return t.count === null ? `array<${typeName(t.elem)}>` : `array<${typeName(t.elem)}, ${t.count}>`;
    case 'struct':
      return t.name;
    case 'atomic':
      return `atomic<${t.scalar}>`;
    case 'ptr':
      return `ptr<${t.space}, ${typeName(t.elem)}, ${t.access}>`;
    case 'void':
      return 'void';
  }
}

export function typesEqual(a: WType, b: WType): boolean {
  if (a === b) return true;
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case 'scalar':
      return a.scalar === (b as ScalarType).scalar;
    case 'vec':
      return a.n === (b as VectorType).n && a.scalar === (b as VectorType).scalar;
    case 'mat': {
      const m = b as MatrixType;
      return a.cols === m.cols && a.rows === m.rows && a.scalar === m.scalar;
    }
    case 'array': {
      const arr = b as ArrayTypeModel;
      return a.count === arr.count && typesEqual(a.elem, arr.elem);
    }
    case 'struct':
      return a === b;
    case 'atomic':
      return a.scalar === (b as AtomicType).scalar;
    case 'ptr': {
      const p = b as PointerType;
      return a.space === p.space && typesEqual(a.elem, p.elem);
    }
    case 'void':
      return true;
  }
}

/**
 * Whether a value of type `from` converts automatically to `to` (WGSL's
 * "feasible automatic conversions": only abstract numerics convert).
 */
export function autoConvertible(from: WType, to: WType): boolean {
  if (typesEqual(from, to)) return true;
  const fs = scalarOf(from);
  const ts = scalarOf(to);
  if (fs === null || ts === null) {
    if (from.kind === 'array' && to.kind === 'array') return from.count === to.count && autoConvertible(from.elem, to.elem);
    return false;
  }
  const shapeMatches =
    (from.kind === 'scalar' && to.kind === 'scalar') ||
    (from.kind === 'vec' && to.kind === 'vec' && from.n === to.n) ||
    (from.kind === 'mat' && to.kind === 'mat' && from.cols === to.cols && from.rows === to.rows);
  if (!shapeMatches) return false;
  if (fs === 'abstract-int') return ts === 'i32' || ts === 'u32' || ts === 'f32' || ts === 'abstract-float';
  if (fs === 'abstract-float') return ts === 'f32';
  return false;
}

/** The type an abstract type takes when it must become concrete (a `let`, `var` or argument with no other hint). */
export function concretize(t: WType): WType {
  switch (t.kind) {
    case 'scalar':
    case 'vec':
    case 'mat': {
      if (t.scalar === 'abstract-int') return withScalar(t, 'i32');
      if (t.scalar === 'abstract-float') return withScalar(t, 'f32');
      return t;
    }
    case 'array':
      return isAbstractDeep(t) ? arrayType(concretize(t.elem), t.count) : t;
    default:
      return t;
  }
}

function isAbstractDeep(t: WType): boolean {
  if (t.kind === 'array') return isAbstractDeep(t.elem);
  return isAbstract(t);
}

/** Whether values of this type can be built (constructed, loaded, stored as a whole). */
export function isConstructible(t: WType): boolean {
  switch (t.kind) {
    case 'scalar':
    case 'vec':
    case 'mat':
      return true;
    case 'array':
      return t.count !== null && isConstructible(t.elem);
    case 'struct':
      return t.members.every((m) => isConstructible(m.type));
    default:
      return false;
  }
}

/** Alignment in words (WGSL host-shareable rules; bool is laid out like u32 in non-shareable spaces). */
export function alignOf(t: WType): number {
  switch (t.kind) {
    case 'scalar':
    case 'atomic':
      return 1;
    case 'vec':
      return t.n === 2 ? 2 : 4;
    case 'mat':
      return t.rows === 2 ? 2 : 4;
    case 'array':
      return alignOf(t.elem);
    case 'struct':
      return t.alignWords;
    case 'ptr':
    case 'void':
      return 1;
  }
}

/** Size in words; a runtime-sized array counts as one element (callers add the bound length). */
export function sizeOf(t: WType): number {
  switch (t.kind) {
    case 'scalar':
    case 'atomic':
      return 1;
    case 'vec':
      return t.n;
    case 'mat':
      return t.cols * columnStride(t);
    case 'array':
      return (t.count ?? 1) * strideOf(t.elem);
    case 'struct':
      return t.sizeWords;
    case 'ptr':
    case 'void':
      return 1;
  }
}

/** Element stride of an array of `elem`, in words. */
export function strideOf(elem: WType): number {
  return roundUp(sizeOf(elem), alignOf(elem));
}

/** Distance between matrix columns, in words (a vec3 column is padded to 4). */
export function columnStride(m: MatrixType): number {
  return m.rows === 2 ? 2 : 4;
}

/**
 * Word offsets (relative to the value's start) of every scalar the type holds,
 * skipping padding; used to check races and to count whole-value loads.
 */
export function leafOffsets(t: WType): number[] {
  const out: number[] = [];
  const visit = (type: WType, base: number): void => {
    switch (type.kind) {
      case 'scalar':
      case 'atomic':
        out.push(base);
        return;
      case 'vec':
        for (let i = 0; i < type.n; i++) out.push(base + i);
        return;
      case 'mat':
        for (let c = 0; c < type.cols; c++) for (let r = 0; r < type.rows; r++) out.push(base + c * columnStride(type) + r);
        return;
      case 'array': {
        const stride = strideOf(type.elem);
        for (let i = 0; i < (type.count ?? 0); i++) visit(type.elem, base + i * stride);
        return;
      }
      case 'struct':
        for (const m of type.members) visit(m.type, base + m.offset);
        return;
      default:
        return;
    }
  };
  visit(t, 0);
  return out;
}

/** True when the type contains an atomic anywhere (such values cannot be loaded or stored as a whole). */
export function containsAtomic(t: WType): boolean {
  if (t.kind === 'atomic') return true;
  if (t.kind === 'array') return containsAtomic(t.elem);
  if (t.kind === 'struct') return t.members.some((m) => containsAtomic(m.type));
  return false;
}

/** The runtime-sized array at the end of a storage variable's type, with its offset, if any. */
export function runtimeArrayOf(t: WType): { array: ArrayTypeModel; offset: number } | null {
  if (t.kind === 'array' && t.count === null) return { array: t, offset: 0 };
  if (t.kind === 'struct') {
    const last = t.members[t.members.length - 1];
    if (last && last.type.kind === 'array' && last.type.count === null) return { array: last.type, offset: last.offset };
  }
  return null;
}
