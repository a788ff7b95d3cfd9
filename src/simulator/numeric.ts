/**
 * Scalar arithmetic with WGSL's exact semantics, shared by the interpreter and
 * the constant folder.
 *
 * - f32: every result is rounded to float32 (Math.fround), so CPU results match
 *   a GPU bit for bit for + - * / (IEEE-754 correctly rounded on both).
 * - i32/u32: two's-complement wrap-around (| 0, >>> 0, Math.imul).
 * - Integer division by zero yields the dividend, remainder by zero yields 0,
 *   and i32 MIN / -1 yields MIN (the WGSL spec's defined results, not traps).
 * - Shift amounts are taken modulo 32 at runtime.
 * - Abstract ints and floats (constant expressions only) use JS doubles.
 *
 * Values: numbers for numeric scalars, booleans for bool.
 */
import type { ScalarKind } from './wgsl-types.ts';

export type BinaryScalarOp = (a: number, b: number) => number;

const I32_MIN = -2147483648;

export function divI32(a: number, b: number): number {
  if (b === 0) return a;
  if (a === I32_MIN && b === -1) return a;
  return (a / b) | 0;
}
export function remI32(a: number, b: number): number {
  if (b === 0) return 0;
  if (a === I32_MIN && b === -1) return 0;
  return a % b | 0;
}
export function divU32(a: number, b: number): number {
  return b === 0 ? a : Math.floor(a / b) >>> 0;
}
export function remU32(a: number, b: number): number {
  return b === 0 ? 0 : a % b >>> 0;
}

/** Arithmetic/bitwise/shift operators on one scalar kind, or undefined if the operator does not apply. */
export function scalarBinaryOp(op: string, kind: ScalarKind): BinaryScalarOp | undefined {
  switch (kind) {
    case 'f32':
      switch (op) {
        case '+':
          return (a, b) => Math.fround(a + b);
        case '-':
          return (a, b) => Math.fround(a - b);
        case '*':
          return (a, b) => Math.fround(a * b);
        case '/':
          return (a, b) => Math.fround(a / b);
        case '%':
          return (a, b) => Math.fround(a % b);
      }
      return undefined;
    case 'abstract-float':
      switch (op) {
        case '+':
          return (a, b) => a + b;
        case '-':
          return (a, b) => a - b;
        case '*':
          return (a, b) => a * b;
        case '/':
          return (a, b) => a / b;
        case '%':
          return (a, b) => a % b;
      }
      return undefined;
    case 'i32':
      switch (op) {
        case '+':
          return (a, b) => (a + b) | 0;
        case '-':
          return (a, b) => (a - b) | 0;
        case '*':
          return Math.imul;
        case '/':
          return divI32;
        case '%':
          return remI32;
        case '&':
          return (a, b) => a & b;
        case '|':
          return (a, b) => a | b;
        case '^':
          return (a, b) => a ^ b;
        case '<<':
          return (a, b) => a << (b & 31);
        case '>>':
          return (a, b) => a >> (b & 31);
      }
      return undefined;
    case 'u32':
      switch (op) {
        case '+':
          return (a, b) => (a + b) >>> 0;
        case '-':
          return (a, b) => (a - b) >>> 0;
        case '*':
          return (a, b) => Math.imul(a, b) >>> 0;
        case '/':
          return divU32;
        case '%':
          return remU32;
        case '&':
          return (a, b) => (a & b) >>> 0;
        case '|':
          return (a, b) => (a | b) >>> 0;
        case '^':
          return (a, b) => (a ^ b) >>> 0;
        case '<<':
          return (a, b) => (a << (b & 31)) >>> 0;
        case '>>':
          return (a, b) => a >>> (b & 31);
      }
      return undefined;
    case 'abstract-int':
      switch (op) {
        case '+':
          return (a, b) => a + b;
        case '-':
          return (a, b) => a - b;
        case '*':
          return (a, b) => a * b;
        case '/':
          return (a, b) => Math.trunc(a / b);
        case '%':
          return (a, b) => a % b;
        case '&':
          return (a, b) => Number(BigInt(a) & BigInt(b));
        case '|':
          return (a, b) => Number(BigInt(a) | BigInt(b));
        case '^':
          return (a, b) => Number(BigInt(a) ^ BigInt(b));
        case '<<':
          return (a, b) => Number(BigInt.asIntN(64, BigInt(a) << BigInt(b)));
        case '>>':
          return (a, b) => Number(BigInt(a) >> BigInt(b));
      }
      return undefined;
    case 'bool':
      return undefined;
  }
}

export type CompareOp = (a: number | boolean, b: number | boolean) => boolean;

export function compareOp(op: string): CompareOp | undefined {
  switch (op) {
    case '==':
      return (a, b) => a === b;
    case '!=':
      return (a, b) => a !== b;
    case '<':
      return (a, b) => a < b;
    case '<=':
      return (a, b) => a <= b;
    case '>':
      return (a, b) => a > b;
    case '>=':
      return (a, b) => a >= b;
  }
  return undefined;
}

export function negate(kind: ScalarKind): ((a: number) => number) | undefined {
  switch (kind) {
    case 'f32':
      return (a) => -a;
    case 'abstract-float':
    case 'abstract-int':
      return (a) => -a;
    case 'i32':
      return (a) => -a | 0;
    default:
      return undefined;
  }
}

export function complement(kind: ScalarKind): ((a: number) => number) | undefined {
  switch (kind) {
    case 'i32':
      return (a) => ~a;
    case 'u32':
      return (a) => ~a >>> 0;
    case 'abstract-int':
      return (a) => -a - 1;
    default:
      return undefined;
  }
}

/**
 * Float to i32: truncate toward zero; out-of-range values saturate to the
 * extreme f32 values that fit (2147483520 is the largest f32 below 2^31, which
 * is what GPUs return); NaN becomes 0.
 */
export function f32ToI32(x: number): number {
  if (Number.isNaN(x)) return 0;
  if (x >= 2147483520) return 2147483520;
  if (x <= -2147483648) return -2147483648;
  return Math.trunc(x) | 0;
}
/** Float to u32: truncate toward zero, saturating at 0 and 4294967040 (the largest f32 below 2^32); NaN becomes 0. */
export function f32ToU32(x: number): number {
  if (Number.isNaN(x) || x <= 0) return 0;
  if (x >= 4294967040) return 4294967040;
  return Math.trunc(x) >>> 0;
}

/** Value conversion between scalar kinds, as `T(e)` does in WGSL (u32<->i32 reinterpret the bits). */
export function convertScalar(value: number | boolean, from: ScalarKind, to: ScalarKind): number | boolean {
  if (from === to) return value;
  if (to === 'bool') return typeof value === 'boolean' ? value : value !== 0;
  const n = typeof value === 'boolean' ? (value ? 1 : 0) : value;
  switch (to) {
    case 'f32':
      return Math.fround(n);
    case 'abstract-float':
      return n;
    case 'i32':
      return from === 'f32' || from === 'abstract-float' ? f32ToI32(n) : n | 0;
    case 'u32':
      return from === 'f32' || from === 'abstract-float' ? f32ToU32(n) : n >>> 0;
    case 'abstract-int':
      return Math.trunc(n);
  }
}

const scratch = new ArrayBuffer(4);
const scratchF32 = new Float32Array(scratch);
const scratchI32 = new Int32Array(scratch);
const scratchU32 = new Uint32Array(scratch);

/** Reinterprets the 32 bits of a scalar as another 32-bit scalar kind. */
export function bitcastScalar(value: number, from: ScalarKind, to: ScalarKind): number {
  if (from === 'f32' || from === 'abstract-float') scratchF32[0] = value;
  else if (from === 'u32') scratchU32[0] = value;
  else scratchI32[0] = value;
  if (to === 'f32') return scratchF32[0] ?? 0;
  if (to === 'u32') return scratchU32[0] ?? 0;
  return scratchI32[0] ?? 0;
}

/** Whether an abstract-int constant fits a concrete integer kind. */
export function fitsInteger(value: number, kind: 'i32' | 'u32'): boolean {
  return Number.isInteger(value) && (kind === 'i32' ? value >= -2147483648 && value <= 2147483647 : value >= 0 && value <= 4294967295);
}
