/**
 * Shared pieces of the WGSL-to-closures compiler: compiled-expression records,
 * compile errors, and the abstract-numeric conversion of constants.
 *
 * Every expression is compiled once into a typed record whose `ev` closure
 * computes its value for one invocation; `cv` holds the value when the
 * expression is a constant (a WGSL const-expression, or an override), which is
 * also the only way an abstract-typed value can exist.
 */
import type { Invocation, Memory } from './memory.ts';
import { convertScalar, fitsInteger } from './numeric.ts';
import type { Value } from './values.ts';
import {
  autoConvertible,
  concretize,
  scalarOf,
  scalarType,
  type AccessMode,
  type AddressSpace,
  type ScalarKind,
  type WType,
} from './wgsl-types.ts';

export type Eval = (inv: Invocation) => Value;

export interface CExpr {
  type: WType;
  ev: Eval;
  /** Constant value, when the expression is constant. */
  cv?: Value;
}

/** A reference to memory: the target of a load, a store or `&`. */
export interface CRef {
  /** Store type of the referenced memory. */
  type: WType;
  space: AddressSpace;
  access: AccessMode;
  /** The memory holding it (constant for module-scope variables). */
  mem: (inv: Invocation) => Memory;
  staticMem: Memory | null;
  /** Word offset; -1 when an index was out of bounds (already reported). */
  off: (inv: Invocation) => number;
  /** The expression as written, for messages. */
  text: string;
  /** Word offset when it is known at compile time (no dynamic index or pointer on the path). */
  constOffset?: number;
}

export type CompileErrorKind = 'parse' | 'validation' | 'unsupported';

export class CompileError extends Error {
  readonly kind: CompileErrorKind;
  readonly line: number;
  readonly column: number;
  readonly feature: string | undefined;
  constructor(kind: CompileErrorKind, message: string, line: number, column: number, feature?: string) {
    super(message);
    this.name = 'CompileError';
    this.kind = kind;
    this.line = line;
    this.column = column;
    this.feature = feature;
  }
}

export function constant(type: WType, value: Value): CExpr {
  return { type, ev: () => value, cv: value };
}

export function isConst(e: CExpr): boolean {
  return e.cv !== undefined;
}

/**
 * Converts a constant value between types of the same shape, as WGSL does for
 * abstract numerics. Returns a message instead when the value does not fit.
 */
export function convertConstant(value: Value, from: WType, to: WType): Value | string {
  const fs = scalarOf(from);
  const ts = scalarOf(to);
  if (fs !== null && ts !== null) {
    if (Array.isArray(value)) {
      const out: Value[] = [];
      for (const component of value) {
        const converted = convertConstant(component, scalarOrColumn(from), scalarOrColumn(to));
        if (typeof converted === 'string') return converted;
        out.push(converted);
      }
      return out;
    }
    return convertScalarConstant(value as number | boolean, fs, ts);
  }
  if (from.kind === 'array' && to.kind === 'array' && Array.isArray(value)) {
    const out: Value[] = [];
    for (const element of value) {
      const converted = convertConstant(element, from.elem, to.elem);
      if (typeof converted === 'string') return converted;
      out.push(converted);
    }
    return out;
  }
  return value;
}

function scalarOrColumn(t: WType): WType {
  if (t.kind === 'mat') return { kind: 'vec', n: t.rows, scalar: t.scalar };
  if (t.kind === 'vec') return scalarType(t.scalar);
  return t;
}

function convertScalarConstant(value: number | boolean, from: ScalarKind, to: ScalarKind): Value | string {
  if (from === to) return value;
  if (from === 'abstract-int' && (to === 'i32' || to === 'u32')) {
    if (!fitsInteger(value as number, to)) {
      return `the value ${value} does not fit in ${to} (${to === 'i32' ? '-2147483648 to 2147483647' : '0 to 4294967295'})`;
    }
    return value;
  }
  if (to === 'f32' && typeof value === 'number' && Number.isFinite(value) && !Number.isFinite(Math.fround(value))) {
    return `the value ${value} is too large for f32`;
  }
  return convertScalar(value, from, to);
}

/**
 * The common type that abstract operands convert to, for operators and
 * built-ins whose operands must agree. Concrete operand types win; with no
 * concrete operand the result stays abstract only if every operand is constant
 * (otherwise it is concretized, as WGSL's overload resolution does).
 * Returns null when two concrete scalar kinds disagree.
 */
export function commonScalar(args: readonly CExpr[]): ScalarKind | null {
  let concrete: ScalarKind | null = null;
  let sawAbstractFloat = false;
  let allConst = true;
  for (const a of args) {
    const s = scalarOf(a.type);
    if (s === null) return null;
    if (!isConst(a)) allConst = false;
    if (s === 'abstract-int') continue;
    if (s === 'abstract-float') {
      sawAbstractFloat = true;
      continue;
    }
    if (concrete !== null && concrete !== s) return null;
    concrete = s;
  }
  if (concrete !== null) {
    if (sawAbstractFloat && concrete !== 'f32') return null;
    return concrete;
  }
  const abstract: ScalarKind = sawAbstractFloat ? 'abstract-float' : 'abstract-int';
  return allConst ? abstract : (scalarOf(concretize(scalarType(abstract))) as ScalarKind);
}

/**
 * Converts an expression to `to` if WGSL allows it implicitly (abstract
 * constants only); returns null if it does not.
 */
export function tryConvert(e: CExpr, to: WType): CExpr | string | null {
  if (e.type === to) return e;
  if (!autoConvertible(e.type, to)) return null;
  if (e.cv === undefined) {
    // Only abstract values convert, and abstract values are constants; a non-constant
    // abstract expression is concretized like a `let` initializer.
    return null;
  }
  const converted = convertConstant(e.cv, e.type, to);
  if (typeof converted === 'string') return converted;
  return constant(to, converted);
}
