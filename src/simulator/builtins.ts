/**
 * WGSL built-in functions for the simulator: type checking (overloads,
 * abstract-numeric conversion, vector shapes) and implementation.
 *
 * Each built-in compiles its already-compiled arguments into one closure;
 * constant arguments are folded at compile time. f32 results are rounded to
 * float32 after the operation. Transcendentals use JS double precision and then
 * round, so they can differ from a GPU in the last bits (GPUs are allowed
 * several ULP of error there); + - * / sqrt and the integer and bit operations
 * are exact.
 *
 * Barriers and workgroupUniformLoad are not here: they suspend the invocation,
 * which the statement compiler handles.
 */
import {
  commonScalar,
  constant,
  convertConstant,
  isConst,
  type CExpr,
  type CRef,
} from './compile-common.ts';
import type { Invocation, Observer, Site } from './memory.ts';
import { bitcastScalar } from './numeric.ts';
import type { Value } from './values.ts';
import {
  BOOL,
  I32,
  U32,
  isFloatScalar,
  isIntegerScalar,
  scalarType,
  structType,
  typeName,
  vecType,
  withScalar,
  type AtomicType,
  type ScalarKind,
  type WType,
} from './wgsl-types.ts';

export interface BuiltinContext {
  /** Throws a compile error located at the call. */
  fail(kind: 'validation' | 'unsupported', message: string, feature?: string): never;
  compileArg(index: number): CExpr;
  /** Compiles a pointer argument (`&x`, or a pointer value) to the memory it points at. */
  pointerArg(index: number, access: 'read' | 'write'): CRef;
  argCount: number;
  site: Site;
  observer: Observer;
}

type Num = number;

const UNSUPPORTED_PREFIXES = ['texture', 'subgroup', 'quad', 'dpdx', 'dpdy', 'fwidth'];
const UNSUPPORTED = new Set([
  'modf',
  'frexp',
  'quantizeToF16',
  'pack4x8snorm',
  'pack4x8unorm',
  'pack2x16snorm',
  'pack2x16unorm',
  'pack2x16float',
  'unpack4x8snorm',
  'unpack4x8unorm',
  'unpack2x16snorm',
  'unpack2x16unorm',
  'unpack2x16float',
  'pack4xI8',
  'pack4xU8',
  'unpack4xI8',
  'unpack4xU8',
  'dot4I8Packed',
  'dot4U8Packed',
  'faceForward',
  'refract',
  'textureBarrier',
]);

export function isUnsupportedBuiltin(name: string): boolean {
  return UNSUPPORTED.has(name) || UNSUPPORTED_PREFIXES.some((p) => name.startsWith(p));
}

function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 ? 2 * Math.round(x / 2) : r;
}

const FLOAT_UNARY: Record<string, (x: Num) => Num> = {
  acos: Math.acos,
  acosh: Math.acosh,
  asin: Math.asin,
  asinh: Math.asinh,
  atan: Math.atan,
  atanh: Math.atanh,
  ceil: Math.ceil,
  cos: Math.cos,
  cosh: Math.cosh,
  degrees: (x) => (x * 180) / Math.PI,
  exp: Math.exp,
  exp2: (x) => Math.pow(2, x),
  floor: Math.floor,
  fract: (x) => x - Math.floor(x),
  inverseSqrt: (x) => 1 / Math.sqrt(x),
  log: Math.log,
  log2: Math.log2,
  radians: (x) => (x * Math.PI) / 180,
  round: roundHalfEven,
  saturate: (x) => Math.min(Math.max(x, 0), 1),
  sin: Math.sin,
  sinh: Math.sinh,
  sqrt: Math.sqrt,
  tan: Math.tan,
  tanh: Math.tanh,
  trunc: Math.trunc,
};

const FLOAT_BINARY: Record<string, (a: Num, b: Num) => Num> = {
  atan2: Math.atan2,
  pow: Math.pow,
  step: (edge, x) => (x >= edge ? 1 : 0),
  ldexp: (x, e) => x * Math.pow(2, e),
};

const FLOAT_TERNARY: Record<string, (a: Num, b: Num, c: Num) => Num> = {
  fma: (a, b, c) => a * b + c,
  mix: (a, b, t) => a * (1 - t) + b * t,
  smoothstep: (lo, hi, x) => {
    const t = Math.min(Math.max((x - lo) / (hi - lo), 0), 1);
    return t * t * (3 - 2 * t);
  },
};

function wrapFor(kind: ScalarKind): (x: Num) => Num {
  switch (kind) {
    case 'f32':
      return Math.fround;
    case 'i32':
      return (x) => x | 0;
    case 'u32':
      return (x) => x >>> 0;
    default:
      return (x) => x;
  }
}

function shapeKey(t: WType): string | null {
  if (t.kind === 'scalar') return 's';
  if (t.kind === 'vec') return `v${t.n}`;
  return null;
}

/** Applies f to each component (scalars are one component). */
function lift1(t: WType, f: (x: Num) => Num): (a: Value) => Value {
  if (t.kind === 'vec') return (a) => (a as Num[]).map((x) => f(x));
  return (a) => f(a as Num);
}
function lift2(t: WType, f: (x: Num, y: Num) => Num): (a: Value, b: Value) => Value {
  if (t.kind === 'vec') {
    const n = t.n;
    return (a, b) => {
      const out = new Array<Num>(n);
      for (let i = 0; i < n; i++) out[i] = f((a as Num[])[i] ?? 0, (b as Num[])[i] ?? 0);
      return out;
    };
  }
  return (a, b) => f(a as Num, b as Num);
}
function lift3(t: WType, f: (x: Num, y: Num, z: Num) => Num): (a: Value, b: Value, c: Value) => Value {
  if (t.kind === 'vec') {
    const n = t.n;
    return (a, b, c) => {
      const out = new Array<Num>(n);
      for (let i = 0; i < n; i++) out[i] = f((a as Num[])[i] ?? 0, (b as Num[])[i] ?? 0, (c as Num[])[i] ?? 0);
      return out;
    };
  }
  return (a, b, c) => f(a as Num, b as Num, c as Num);
}

/** Builds the CExpr for a pure function of the arguments, folding constants. */
function pure(type: WType, args: CExpr[], fn: (...values: Value[]) => Value): CExpr {
  if (args.every(isConst)) return constant(type, fn(...args.map((a) => a.cv as Value)));
  switch (args.length) {
    case 1: {
      const a = args[0]!.ev;
      return { type, ev: (inv) => fn(a(inv)) };
    }
    case 2: {
      const a = args[0]!.ev;
      const b = args[1]!.ev;
      return { type, ev: (inv) => fn(a(inv), b(inv)) };
    }
    case 3: {
      const a = args[0]!.ev;
      const b = args[1]!.ev;
      const c = args[2]!.ev;
      return { type, ev: (inv) => fn(a(inv), b(inv), c(inv)) };
    }
    default: {
      const evs = args.map((a) => a.ev);
      return { type, ev: (inv) => fn(...evs.map((e) => e(inv))) };
    }
  }
}

/** Converts an argument to `to` (abstract constants only change type). */
function convertArg(ctx: BuiltinContext, name: string, arg: CExpr, to: WType): CExpr {
  if (arg.type.kind === to.kind && typeName(arg.type) === typeName(to)) return arg;
  if (arg.cv !== undefined) {
    const converted = convertConstant(arg.cv, arg.type, to);
    if (typeof converted === 'string') ctx.fail('validation', `${name}(): ${converted}.`);
    return constant(to, converted);
  }
  return ctx.fail('validation', `${name}() cannot take a ${typeName(arg.type)} where a ${typeName(to)} is needed.`);
}

/**
 * Gives all arguments one common scalar/vector type. `kinds` says which scalar
 * kinds the built-in accepts; `float` makes abstract ints abstract floats.
 */
function unify(
  ctx: BuiltinContext,
  name: string,
  args: CExpr[],
  kinds: 'float' | 'numeric' | 'integer' | 'any',
  forceConcrete = false,
): { args: CExpr[]; type: WType; scalar: ScalarKind } {
  const first = args[0];
  if (!first) ctx.fail('validation', `${name}() needs arguments.`);
  const shape = shapeKey(first.type);
  for (const a of args) {
    if (shapeKey(a.type) === null || shapeKey(a.type) !== shape) {
      ctx.fail('validation', `${name}() needs arguments of one scalar or vector shape; got ${args.map((x) => typeName(x.type)).join(', ')}.`);
    }
  }
  let scalar = commonScalar(args);
  // A call with a non-constant argument is not a const-expression: abstract operands become concrete.
  if (forceConcrete && scalar === 'abstract-int') scalar = kinds === 'float' ? 'f32' : 'i32';
  if (forceConcrete && scalar === 'abstract-float') scalar = 'f32';
  if (scalar === null) ctx.fail('validation', `${name}() arguments have different types: ${args.map((x) => typeName(x.type)).join(', ')}. Convert them to one type, e.g. f32(x).`);
  if (kinds === 'float') {
    if (scalar === 'abstract-int') scalar = args.every(isConst) ? 'abstract-float' : 'f32';
    if (!isFloatScalar(scalar)) ctx.fail('validation', `${name}() needs floating-point arguments, not ${typeName(args[0]!.type)}. Convert with f32(x).`);
  } else if (kinds === 'numeric') {
    if (scalar === 'bool') ctx.fail('validation', `${name}() needs numeric arguments, not bool.`);
  } else if (kinds === 'integer') {
    if (!isIntegerScalar(scalar)) ctx.fail('validation', `${name}() needs integer arguments (i32 or u32), not ${typeName(args[0]!.type)}.`);
  }
  const type = withScalar(first.type, scalar);
  return { args: args.map((a) => convertArg(ctx, name, a, type)), type, scalar };
}

function expectArgs(ctx: BuiltinContext, name: string, count: number): void {
  if (ctx.argCount !== count) ctx.fail('validation', `${name}() takes ${count} argument${count === 1 ? '' : 's'}, got ${ctx.argCount}.`);
}

function compileArgs(ctx: BuiltinContext): CExpr[] {
  return Array.from({ length: ctx.argCount }, (_, i) => ctx.compileArg(i));
}

/** WGSL rejects constant offset + count beyond 32 bits (at runtime they are clamped). */
function checkBitRange(ctx: BuiltinContext, name: string, offset: CExpr, count: CExpr): void {
  if (offset.cv !== undefined && count.cv !== undefined && (offset.cv as Num) + (count.cv as Num) > 32) {
    ctx.fail('validation', `${name}(): offset + count is ${(offset.cv as Num) + (count.cv as Num)}, but must be at most 32.`);
  }
}

function countOneBits(x: Num): Num {
  let v = x >>> 0;
  let c = 0;
  while (v) {
    v &= v - 1;
    c++;
  }
  return c;
}
function reverseBits(x: Num): Num {
  let v = x >>> 0;
  let r = 0;
  for (let i = 0; i < 32; i++) {
    r = (r << 1) | (v & 1);
    v >>>= 1;
  }
  return r >>> 0;
}
function countTrailingZeros(x: Num): Num {
  const v = x >>> 0;
  if (v === 0) return 32;
  return 31 - Math.clz32(v & -v);
}
function firstLeadingBitUnsigned(x: Num): Num {
  const v = x >>> 0;
  return v === 0 ? 0xffffffff : 31 - Math.clz32(v);
}
function firstLeadingBitSigned(x: Num): Num {
  const v = x | 0;
  if (v === 0 || v === -1) return -1;
  return 31 - Math.clz32(v < 0 ? ~v : v);
}
function extractBitsU(e: Num, offset: Num, count: Num): Num {
  const o = Math.min(offset >>> 0, 32);
  const c = Math.min(count >>> 0, 32 - o);
  if (c === 0) return 0;
  return c === 32 ? e >>> 0 : ((e >>> o) & (2 ** c - 1)) >>> 0;
}
function extractBitsI(e: Num, offset: Num, count: Num): Num {
  const o = Math.min(offset >>> 0, 32);
  const c = Math.min(count >>> 0, 32 - o);
  if (c === 0) return 0;
  if (c === 32) return e | 0;
  const shifted = (e | 0) << (32 - o - c);
  return shifted >> (32 - c);
}
function insertBits(e: Num, newbits: Num, offset: Num, count: Num): Num {
  const o = Math.min(offset >>> 0, 32);
  const c = Math.min(count >>> 0, 32 - o);
  if (c === 0) return e;
  const mask = c === 32 ? 0xffffffff : ((2 ** c - 1) * 2 ** o) >>> 0;
  return ((e & ~mask) | ((newbits << o) & mask)) >>> 0;
}

/**
 * Compiles a call to a built-in function, or returns null if `name` is not one
 * the simulator knows (the caller then reports an unknown function).
 */
export function compileBuiltin(name: string, ctx: BuiltinContext): CExpr | null {
  if (isUnsupportedBuiltin(name)) {
    ctx.fail('unsupported', `The simulator does not implement ${name}(); run this kernel on WebGPU instead.`, name);
  }
  const floatUnary = FLOAT_UNARY[name];
  if (floatUnary) {
    expectArgs(ctx, name, 1);
    const { args, type, scalar } = unify(ctx, name, compileArgs(ctx), 'float');
    const wrap = wrapFor(scalar);
    return pure(type, args, lift1(type, (x) => wrap(floatUnary(x))));
  }
  const floatBinary = FLOAT_BINARY[name];
  if (floatBinary && name !== 'ldexp') {
    expectArgs(ctx, name, 2);
    const { args, type, scalar } = unify(ctx, name, compileArgs(ctx), 'float');
    const wrap = wrapFor(scalar);
    return pure(type, args, lift2(type, (a, b) => wrap(floatBinary(a, b))));
  }
  const floatTernary = FLOAT_TERNARY[name];
  if (floatTernary) {
    expectArgs(ctx, name, 3);
    let raw = compileArgs(ctx);
    if (name === 'mix' && raw[0]?.type.kind === 'vec' && raw[2]?.type.kind === 'scalar') {
      // mix(vecN, vecN, scalar): the scalar blends every component.
      const n = raw[0].type.n;
      const t = raw[2];
      const splat: CExpr = t.cv !== undefined ? constant(vecType(n, (t.type as { scalar: ScalarKind }).scalar), new Array<Value>(n).fill(t.cv)) : { type: vecType(n, (t.type as { scalar: ScalarKind }).scalar), ev: (inv) => new Array<Value>(n).fill(t.ev(inv)) };
      raw = [raw[0], raw[1] as CExpr, splat];
    }
    const { args, type, scalar } = unify(ctx, name, raw, 'float');
    const wrap = wrapFor(scalar);
    return pure(type, args, lift3(type, (a, b, c) => wrap(floatTernary(a, b, c))));
  }

  switch (name) {
    case 'abs':
    case 'sign': {
      expectArgs(ctx, name, 1);
      const { args, type, scalar } = unify(ctx, name, compileArgs(ctx), 'numeric');
      const wrap = wrapFor(scalar);
      const f = name === 'abs' ? (x: Num) => (scalar === 'u32' ? x : wrap(Math.abs(x))) : (x: Num) => wrap(Math.sign(x));
      if (name === 'sign' && scalar === 'u32') ctx.fail('validation', 'sign() takes f32 or i32, not u32.');
      return pure(type, args, lift1(type, f));
    }
    case 'min':
    case 'max': {
      expectArgs(ctx, name, 2);
      const { args, type } = unify(ctx, name, compileArgs(ctx), 'numeric');
      const f = name === 'min' ? (a: Num, b: Num) => (b < a ? b : a) : (a: Num, b: Num) => (b > a ? b : a);
      return pure(type, args, lift2(type, f));
    }
    case 'clamp': {
      expectArgs(ctx, name, 3);
      const { args, type } = unify(ctx, name, compileArgs(ctx), 'numeric');
      return pure(type, args, lift3(type, (e, lo, hi) => Math.min(Math.max(e, lo), hi)));
    }
    case 'ldexp': {
      expectArgs(ctx, name, 2);
      const raw = compileArgs(ctx);
      const [x] = [unify(ctx, name, [raw[0]!], 'float')];
      const e = unify(ctx, name, [raw[1]!], 'integer');
      const wrap = wrapFor(x.scalar);
      return pure(x.type, [x.args[0]!, e.args[0]!], lift2(x.type, (a, b) => wrap(a * Math.pow(2, b))));
    }
    case 'dot': {
      expectArgs(ctx, name, 2);
      const { args, type, scalar } = unify(ctx, name, compileArgs(ctx), 'numeric');
      if (type.kind !== 'vec') ctx.fail('validation', 'dot() takes two vectors.');
      const wrap = wrapFor(scalar);
      const n = type.n;
      return pure(scalarType(scalar), args, (a, b) => {
        let sum = 0;
        for (let i = 0; i < n; i++) sum = wrap(sum + wrap(((a as Num[])[i] ?? 0) * ((b as Num[])[i] ?? 0)));
        return sum;
      });
    }
    case 'cross': {
      expectArgs(ctx, name, 2);
      const { args, type, scalar } = unify(ctx, name, compileArgs(ctx), 'float');
      if (type.kind !== 'vec' || type.n !== 3) ctx.fail('validation', 'cross() takes two vec3 values.');
      const w = wrapFor(scalar);
      return pure(type, args, (a, b) => {
        const [a0, a1, a2] = a as Num[];
        const [b0, b1, b2] = b as Num[];
        return [w(w(a1! * b2!) - w(a2! * b1!)), w(w(a2! * b0!) - w(a0! * b2!)), w(w(a0! * b1!) - w(a1! * b0!))];
      });
    }
    case 'length':
    case 'normalize': {
      expectArgs(ctx, name, 1);
      const { args, type, scalar } = unify(ctx, name, compileArgs(ctx), 'float');
      const w = wrapFor(scalar);
      const len = (v: Value): Num => {
        if (!Array.isArray(v)) return Math.abs(v as Num);
        let sum = 0;
        for (const x of v as Num[]) sum = w(sum + w(x * x));
        return w(Math.sqrt(sum));
      };
      if (name === 'length') return pure(scalarType(scalar), args, len);
      if (type.kind !== 'vec') ctx.fail('validation', 'normalize() takes a vector.');
      return pure(type, args, (v) => {
        const l = len(v);
        return (v as Num[]).map((x) => w(x / l));
      });
    }
    case 'distance': {
      expectArgs(ctx, name, 2);
      const { args, scalar } = unify(ctx, name, compileArgs(ctx), 'float');
      const w = wrapFor(scalar);
      return pure(scalarType(scalar), args, (a, b) => {
        if (!Array.isArray(a)) return w(Math.abs((a as Num) - (b as Num)));
        let sum = 0;
        (a as Num[]).forEach((x, i) => {
          const d = w(x - ((b as Num[])[i] ?? 0));
          sum = w(sum + w(d * d));
        });
        return w(Math.sqrt(sum));
      });
    }
    case 'reflect': {
      expectArgs(ctx, name, 2);
      const { args, type, scalar } = unify(ctx, name, compileArgs(ctx), 'float');
      const w = wrapFor(scalar);
      return pure(type, args, (e1, e2) => {
        const a = e1 as Num[];
        const b = e2 as Num[];
        let d = 0;
        for (let i = 0; i < a.length; i++) d = w(d + w((a[i] ?? 0) * (b[i] ?? 0)));
        return a.map((x, i) => w(x - w(w(2 * d) * (b[i] ?? 0))));
      });
    }
    case 'select': {
      expectArgs(ctx, name, 3);
      const raw = compileArgs(ctx);
      const cond = raw[2]!;
      const { args, type } = unify(ctx, name, [raw[0]!, raw[1]!], 'any', !isConst(cond));
      const condOk =
        (cond.type.kind === 'scalar' && cond.type.scalar === 'bool') ||
        (cond.type.kind === 'vec' && cond.type.scalar === 'bool' && type.kind === 'vec' && cond.type.n === type.n);
      if (!condOk) ctx.fail('validation', `select(f, t, cond) needs cond to be bool (or vec${type.kind === 'vec' ? type.n : 'N'}<bool> for vectors), got ${typeName(cond.type)}.`);
      if (cond.type.kind === 'vec') {
        return pure(type, [args[0]!, args[1]!, cond], (f, t, c) => (f as Value[]).map((x, i) => ((c as boolean[])[i] ? (t as Value[])[i] : x) as Value));
      }
      return pure(type, [args[0]!, args[1]!, cond], (f, t, c) => (c ? t : f));
    }
    case 'all':
    case 'any': {
      expectArgs(ctx, name, 1);
      const arg = ctx.compileArg(0);
      const s = arg.type.kind === 'scalar' || arg.type.kind === 'vec' ? arg.type.scalar : null;
      if (s !== 'bool') ctx.fail('validation', `${name}() takes bool or vecN<bool>, got ${typeName(arg.type)}.`);
      const f = name === 'all' ? (v: Value) => (Array.isArray(v) ? v.every(Boolean) : v) : (v: Value) => (Array.isArray(v) ? v.some(Boolean) : v);
      return pure(BOOL, [arg], f);
    }
    case 'countOneBits':
    case 'reverseBits':
    case 'countLeadingZeros':
    case 'countTrailingZeros':
    case 'firstLeadingBit':
    case 'firstTrailingBit': {
      expectArgs(ctx, name, 1);
      const { args, type, scalar } = unify(ctx, name, compileArgs(ctx), 'integer');
      const signed = scalar === 'i32' || scalar === 'abstract-int';
      const wrap = signed ? (x: Num) => x | 0 : (x: Num) => x >>> 0;
      const impl: Record<string, (x: Num) => Num> = {
        countOneBits,
        reverseBits,
        countLeadingZeros: (x) => Math.clz32(x),
        countTrailingZeros,
        firstLeadingBit: signed ? firstLeadingBitSigned : firstLeadingBitUnsigned,
        firstTrailingBit: (x) => ((x >>> 0) === 0 ? 0xffffffff : countTrailingZeros(x)),
      };
      const f = impl[name]!;
      return pure(type, args, lift1(type, (x) => wrap(f(x))));
    }
    case 'extractBits': {
      expectArgs(ctx, name, 3);
      const raw = compileArgs(ctx);
      const e = unify(ctx, name, [raw[0]!], 'integer');
      const offset = convertArg(ctx, name, raw[1]!, U32);
      const count = convertArg(ctx, name, raw[2]!, U32);
      checkBitRange(ctx, name, offset, count);
      const f = e.scalar === 'u32' ? extractBitsU : extractBitsI;
      return pure(e.type, [e.args[0]!, offset, count], (v, o, c) => (Array.isArray(v) ? (v as Num[]).map((x) => f(x, o as Num, c as Num)) : f(v as Num, o as Num, c as Num)));
    }
    case 'insertBits': {
      expectArgs(ctx, name, 4);
      const raw = compileArgs(ctx);
      const e = unify(ctx, name, [raw[0]!, raw[1]!], 'integer');
      const offset = convertArg(ctx, name, raw[2]!, U32);
      const count = convertArg(ctx, name, raw[3]!, U32);
      checkBitRange(ctx, name, offset, count);
      const wrap = wrapFor(e.scalar);
      return pure(e.type, [e.args[0]!, e.args[1]!, offset, count], (v, nb, o, c) =>
        Array.isArray(v)
          ? (v as Num[]).map((x, i) => wrap(insertBits(x, (nb as Num[])[i] ?? 0, o as Num, c as Num)))
          : wrap(insertBits(v as Num, nb as Num, o as Num, c as Num)),
      );
    }
    case 'transpose': {
      expectArgs(ctx, name, 1);
      const m = ctx.compileArg(0);
      if (m.type.kind !== 'mat') ctx.fail('validation', `transpose() takes a matrix, got ${typeName(m.type)}.`);
      const t = m.type;
      return pure({ kind: 'mat', cols: t.rows, rows: t.cols, scalar: t.scalar }, [m], (v) => {
        const cols = v as Num[][];
        return Array.from({ length: t.rows }, (_, r) => cols.map((col) => col[r] ?? 0));
      });
    }
    case 'determinant': {
      expectArgs(ctx, name, 1);
      const m = ctx.compileArg(0);
      if (m.type.kind !== 'mat' || m.type.cols !== m.type.rows) ctx.fail('validation', `determinant() takes a square matrix, got ${typeName(m.type)}.`);
      const w = wrapFor(m.type.scalar);
      return pure(scalarType(m.type.scalar), [m], (v) => w(determinant(v as Num[][])));
    }
    case 'arrayLength': {
      expectArgs(ctx, name, 1);
      const ref = ctx.pointerArg(0, 'read');
      if (ref.type.kind !== 'array' || ref.type.count !== null) {
        ctx.fail('validation', `arrayLength() needs a pointer to a runtime-sized array (e.g. arrayLength(&data)), got a pointer to ${typeName(ref.type)}.`);
      }
      if (ref.staticMem) {
        const count = ref.staticMem.runtimeCount;
        return constantU32Runtime(count);
      }
      return { type: U32, ev: (inv) => ref.mem(inv).runtimeCount };
    }
    default:
      break;
  }
  if (name.startsWith('atomic')) return compileAtomic(name, ctx);
  return null;
}

/** A value fixed for the whole dispatch but not a WGSL const-expression (so it never folds into constant-index checks). */
function constantU32Runtime(value: number): CExpr {
  return { type: U32, ev: () => value };
}

function determinant(m: Num[][]): Num {
  const n = m.length;
  const at = (c: number, r: number) => m[c]?.[r] ?? 0;
  if (n === 2) return at(0, 0) * at(1, 1) - at(1, 0) * at(0, 1);
  if (n === 3) {
    return (
      at(0, 0) * (at(1, 1) * at(2, 2) - at(2, 1) * at(1, 2)) -
      at(1, 0) * (at(0, 1) * at(2, 2) - at(2, 1) * at(0, 2)) +
      at(2, 0) * (at(0, 1) * at(1, 2) - at(1, 1) * at(0, 2))
    );
  }
  let det = 0;
  for (let c = 0; c < n; c++) {
    const minor = m.filter((_, i) => i !== c).map((col) => col.slice(1));
    det += (c % 2 === 0 ? 1 : -1) * at(c, 0) * determinant(minor);
  }
  return det;
}

const ATOMIC_RMW: Record<string, (old: Num, v: Num) => Num> = {
  atomicAdd: (a, b) => a + b,
  atomicSub: (a, b) => a - b,
  atomicMax: (a, b) => Math.max(a, b),
  atomicMin: (a, b) => Math.min(a, b),
  atomicAnd: (a, b) => a & b,
  atomicOr: (a, b) => a | b,
  atomicXor: (a, b) => a ^ b,
  atomicExchange: (_a, b) => b,
};

function compileAtomic(name: string, ctx: BuiltinContext): CExpr | null {
  const known = name === 'atomicLoad' || name === 'atomicStore' || name === 'atomicCompareExchangeWeak' || name in ATOMIC_RMW;
  if (!known) return null;
  if (ctx.argCount < 1) ctx.fail('validation', `${name}() needs a pointer to an atomic, e.g. ${name}(&counter${name === 'atomicLoad' ? '' : ', 1u'}).`);
  const ref = ctx.pointerArg(0, name === 'atomicLoad' ? 'read' : 'write');
  if (ref.type.kind !== 'atomic') {
    ctx.fail('validation', `${name}() needs a pointer to atomic<i32> or atomic<u32>, got a pointer to ${typeName(ref.type)}. Declare the variable as atomic<u32>.`);
  }
  if (ref.space !== 'storage' && ref.space !== 'workgroup') {
    ctx.fail('validation', `${name}(): atomics live in storage or workgroup memory, not ${ref.space}.`);
  }
  if (name !== 'atomicLoad' && ref.access === 'read') ctx.fail('validation', `${name}() writes, but ${ref.text} is read-only; declare it var<storage, read_write>.`);
  const scalar = (ref.type as AtomicType).scalar;
  const valueType = scalar === 'i32' ? I32 : U32;
  const wrap = wrapFor(scalar);
  const observer = ctx.observer;
  const site = ctx.site;
  const view = scalar === 'i32' ? 'i32' : 'u32';
  const operand = (i: number): CExpr => {
    const arg = ctx.compileArg(i);
    return convertArg(ctx, name, arg, valueType);
  };
  if (name === 'atomicLoad') {
    expectArgs(ctx, name, 1);
    return {
      type: valueType,
      ev: (inv) => {
        const o = ref.off(inv);
        if (o < 0) return 0;
        const m = ref.mem(inv);
        observer.access(inv, m, o, null, false, true, site);
        return m[view][o] ?? 0;
      },
    };
  }
  if (name === 'atomicStore') {
    expectArgs(ctx, name, 2);
    const value = operand(1).ev;
    return {
      type: { kind: 'void' },
      ev: (inv) => {
        const o = ref.off(inv);
        const v = value(inv) as Num;
        if (o < 0) return 0;
        const m = ref.mem(inv);
        observer.access(inv, m, o, null, true, true, site);
        m[view][o] = v;
        return 0;
      },
    };
  }
  if (name === 'atomicCompareExchangeWeak') {
    expectArgs(ctx, name, 3);
    const compare = operand(1).ev;
    const value = operand(2).ev;
    const resultType = structType(`__atomic_compare_exchange_result_${scalar}`, [
      { name: 'old_value', type: valueType },
      { name: 'exchanged', type: BOOL },
    ]);
    return {
      type: resultType,
      ev: (inv) => {
        const o = ref.off(inv);
        const cmp = compare(inv) as Num;
        const v = value(inv) as Num;
        if (o < 0) return [0, false];
        const m = ref.mem(inv);
        const old = m[view][o] ?? 0;
        observer.access(inv, m, o, null, false, true, site);
        const exchanged = old === cmp;
        if (exchanged) {
          observer.access(inv, m, o, null, true, true, site);
          m[view][o] = v;
        }
        return [old, exchanged];
      },
    };
  }
  expectArgs(ctx, name, 2);
  const op = ATOMIC_RMW[name]!;
  const value = operand(1).ev;
  return {
    type: valueType,
    ev: (inv: Invocation) => {
      const o = ref.off(inv);
      const v = value(inv) as Num;
      if (o < 0) return 0;
      const m = ref.mem(inv);
      const old = m[view][o] ?? 0;
      observer.access(inv, m, o, null, false, true, site);
      observer.access(inv, m, o, null, true, true, site);
      m[view][o] = wrap(op(old, v));
      return old;
    },
  };
}

/** `bitcast<T>(e)`: same-size reinterpretation between f32, i32, u32 (and their vectors). */
export function compileBitcast(target: WType, arg: CExpr, fail: (message: string) => never): CExpr {
  const fromScalar = arg.type.kind === 'scalar' || arg.type.kind === 'vec' ? arg.type.scalar : null;
  const toScalar = target.kind === 'scalar' || target.kind === 'vec' ? target.scalar : null;
  const sameShape = (arg.type.kind === 'scalar' && target.kind === 'scalar') || (arg.type.kind === 'vec' && target.kind === 'vec' && arg.type.n === target.n);
  if (!fromScalar || !toScalar || !sameShape || fromScalar === 'bool' || toScalar === 'bool' || toScalar.startsWith('abstract')) {
    fail(`bitcast<${typeName(target)}>() cannot take a ${typeName(arg.type)}; both sides must be 32-bit numeric scalars or vectors of the same size.`);
  }
  let source = arg;
  let from = fromScalar;
  if (from === 'abstract-int' || from === 'abstract-float') {
    const concrete = from === 'abstract-int' ? (toScalar === 'u32' ? 'u32' : 'i32') : 'f32';
    const converted = convertConstant(arg.cv as Value, arg.type, withScalar(arg.type, concrete));
    if (typeof converted === 'string') fail(`bitcast: ${converted}`);
    source = constant(withScalar(arg.type, concrete), converted);
    from = concrete;
  }
  const f = (v: Value): Value => (Array.isArray(v) ? v.map((x) => bitcastScalar(x as Num, from, toScalar)) : bitcastScalar(v as Num, from, toScalar));
  return pure(target, [source], f);
}

