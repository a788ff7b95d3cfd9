// Elementwise primitives (unary, binary, where, fill) of the WebGPU backend
// against plain-JS float64 references, on contiguous, strided, transposed,
// offset and broadcast views, for float32 and int32.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BinaryOp, UnaryOp } from '../../../src/engine/backend';
import type { WebGpuBackend } from '../../../src/engine/backends/webgpu/index';
import { simplifyViews } from '../../../src/engine/backends/webgpu/kernels/elementwise';
import { createTestBackend, expectClose, materialise, randomFloats, randomInts, view } from './helpers';

let backend: WebGpuBackend;
beforeAll(async () => {
  backend = await createTestBackend();
});
afterAll(() => {
  expect(backend.debug.uncapturedErrors()).toEqual([]);
  backend.destroy();
});

const geluInner = (x: number) => Math.sqrt(2 / Math.PI) * (x + 0.044715 * x ** 3);
const FLOAT_UNARY: Record<Exclude<UnaryOp, 'toFloat'>, (x: number, p: number) => number> = {
  identity: (x) => x,
  neg: (x) => -x,
  abs: Math.abs,
  sign: Math.sign,
  exp: Math.exp,
  log: Math.log,
  sqrt: Math.sqrt,
  rsqrt: (x) => 1 / Math.sqrt(x),
  square: (x) => x * x,
  reciprocal: (x) => 1 / x,
  relu: (x) => Math.max(x, 0),
  step: (x) => (x > 0 ? 1 : 0),
  leakyRelu: (x, p) => (x > 0 ? x : p * x),
  leakyReluGrad: (x, p) => (x > 0 ? 1 : p),
  sigmoid: (x) => 1 / (1 + Math.exp(-x)),
  tanh: Math.tanh,
  gelu: (x) => 0.5 * x * (1 + Math.tanh(geluInner(x))),
  geluGrad: (x) => {
    const t = Math.tanh(geluInner(x));
    return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * Math.sqrt(2 / Math.PI) * (1 + 3 * 0.044715 * x * x);
  },
  toInt: (x) => Math.trunc(x),
};
const POSITIVE_ONLY = new Set<UnaryOp>(['log', 'sqrt', 'rsqrt', 'reciprocal']);

const FLOAT_BINARY: Record<BinaryOp, (a: number, b: number) => number> = {
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
  pow: (a, b) => a ** b,
  maximum: Math.max,
  minimum: Math.min,
  equal: (a, b) => +(a === b),
  notEqual: (a, b) => +(a !== b),
  less: (a, b) => +(a < b),
  lessEqual: (a, b) => +(a <= b),
  greater: (a, b) => +(a > b),
  greaterEqual: (a, b) => +(a >= b),
};

// Transposed [7, 9] -> [9, 7] with an offset: exercises strides and offset at once.
const TRANSPOSED = { shape: [9, 7], strides: [1, 9], offset: 5 };

describe('unary', () => {
  // Inputs span the interesting ranges, including large |x| where naive tanh/sigmoid overflow.
  const base = randomFloats(200, 1, -3, 3);
  base.set([0, -0, 20, -20, 50, -50, 0.5, -0.5], 10);
  const positive = randomFloats(200, 2, 0.05, 5);

  for (const [op, ref] of Object.entries(FLOAT_UNARY) as [Exclude<UnaryOp, 'toFloat'>, (x: number, p: number) => number][]) {
    it(`${op} on a transposed, offset float32 view`, async () => {
      const data = POSITIVE_ONLY.has(op) ? positive : base;
      const x = backend.upload(data);
      const outDtype = op === 'toInt' ? 'int32' : 'float32';
      const out = backend.alloc(63, outDtype);
      backend.unary(op, view(x, TRANSPOSED.shape, TRANSPOSED.strides, TRANSPOSED.offset), out, 0.1);
      const expected = materialise(Float64Array.from(data), TRANSPOSED).map((v) => ref(v, Math.fround(0.1)));
      const result = await backend.read(out);
      expect(result).toBeInstanceOf(outDtype === 'int32' ? Int32Array : Float32Array);
      // f32 transcendental functions: a few ULPs (WGSL allows 3 + 2|x| ULP for exp).
      expectClose(result, expected, { abs: 2e-6, rel: 1e-5 }, `unary ${op}`);
      backend.free(x);
      backend.free(out);
    });
  }

  it('int32 ops stay exact in integer arithmetic, toFloat converts', async () => {
    const data = randomInts(100, 3, -50000, 50000);
    data.set([0, 2147483647, -2147483647, 46341], 0);
    const x = backend.upload(data);
    const cases: [UnaryOp, (v: number) => number, 'int32' | 'float32'][] = [
      ['identity', (v) => v, 'int32'],
      ['neg', (v) => -v, 'int32'],
      ['abs', Math.abs, 'int32'],
      ['sign', Math.sign, 'int32'],
      ['square', (v) => Math.imul(v, v), 'int32'], // wraps like int32 arithmetic
      ['relu', (v) => Math.max(v, 0), 'int32'],
      ['step', (v) => (v > 0 ? 1 : 0), 'int32'],
      ['toFloat', (v) => Math.fround(v), 'float32'],
    ];
    for (const [op, ref, dtype] of cases) {
      const out = backend.alloc(100, dtype);
      backend.unary(op, view(x, [100]), out);
      expectClose(await backend.read(out), Array.from(data, ref), { abs: 0 }, `int32 ${op}`);
      backend.free(out);
    }
    backend.free(x);
  });

  it('identity materialises a rank-6 permuted view', async () => {
    const shape = [2, 3, 2, 2, 3, 2]; // 144 elements
    const data = randomFloats(144, 4);
    const x = backend.upload(data);
    // Permute axes (5, 3, 0, 4, 1, 2) of the contiguous storage.
    const contiguous = [72, 24, 12, 6, 2, 1];
    const perm = [5, 3, 0, 4, 1, 2];
    const v = { shape: perm.map((p) => shape[p]!), strides: perm.map((p) => contiguous[p]!), offset: 0 };
    const out = backend.alloc(144, 'float32');
    backend.unary('identity', view(x, v.shape, v.strides), out);
    expectClose(await backend.read(out), materialise(data, v), { abs: 0 }, 'rank-6 identity');
    backend.free(x);
    backend.free(out);
  });
});

describe('four outputs per invocation (innermost extent a multiple of 4)', () => {
  it('exp over contiguous tensors of 1000 (4 per invocation) and 1001 (1 per invocation) elements', async () => {
    for (const n of [1000, 1001, 4]) {
      const data = randomFloats(n, n);
      const x = backend.upload(data);
      const out = backend.alloc(n, 'float32');
      backend.unary('exp', view(x, [n]), out);
      expectClose(await backend.read(out), Array.from(data, Math.exp), { rel: 1e-6, abs: 1e-6 }, `exp n=${n}`);
      backend.free(x);
      backend.free(out);
    }
  });

  it('row-broadcast sub and div as softmax issues them, with rows of 12 and of 9', async () => {
    for (const [rows, cols] of [[37, 12], [37, 9], [3, 1024]] as const) {
      const xData = randomFloats(rows * cols, rows + cols);
      const rowData = randomFloats(rows, cols, 0.5, 2);
      const x = backend.upload(xData);
      const r = backend.upload(rowData);
      const xv = view(x, [rows, cols]);
      const rv = view(r, [rows, cols], [1, 0]);
      for (const op of ['sub', 'div'] as const) {
        const out = backend.alloc(rows * cols, 'float32');
        backend.binary(op, xv, rv, out);
        const expected = Array.from(xData, (v, i) => FLOAT_BINARY[op](v, rowData[Math.floor(i / cols)]!));
        expectClose(await backend.read(out), expected, { rel: 1e-6, abs: 1e-6 }, `${op} [${rows},${cols}]`);
        backend.free(out);
      }
      backend.free(x);
      backend.free(r);
    }
  });

  it('identity materialises a rank-8 permuted, offset view whose innermost extent is 4', async () => {
    const shape = [2, 3, 2, 2, 2, 3, 2, 4]; // 1152 elements
    const contiguous = [576, 192, 96, 48, 24, 8, 4, 1];
    const perm = [6, 1, 3, 0, 5, 2, 4, 7];
    const data = randomFloats(1152 + 2, 8);
    const x = backend.upload(data);
    const v = { shape: perm.map((p) => shape[p]!), strides: perm.map((p) => contiguous[p]!), offset: 2 };
    expect(simplifyViews(v.shape, [v.strides]).shape).toHaveLength(8); // no axis merges: all 8 are walked
    const out = backend.alloc(1152, 'float32');
    backend.unary('identity', view(x, v.shape, v.strides, v.offset), out);
    expectClose(await backend.read(out), materialise(data, v), { abs: 0 }, 'rank-8 identity');
    backend.free(x);
    backend.free(out);
  });

  it('where with a broadcast condition and transposed operands, innermost extent 8', async () => {
    const cond = backend.upload(Float32Array.from({ length: 8 }, (_, i) => (i % 3 === 0 ? 1 : 0)));
    const aData = randomFloats(6 * 8, 51);
    const bData = randomFloats(6 * 8, 52);
    const a = backend.upload(aData);
    const b = backend.upload(bData);
    const out = backend.alloc(6 * 8, 'float32');
    const bT = { shape: [6, 8], strides: [1, 6], offset: 0 };
    backend.where(view(cond, [6, 8], [0, 1]), view(a, [6, 8]), view(b, bT.shape, bT.strides), out);
    const B = materialise(bData, bT);
    const expected = Array.from(aData, (v, i) => (i % 8) % 3 === 0 ? v : B[i]!);
    expectClose(await backend.read(out), expected, { abs: 0 }, 'where inner 8');
    for (const s of [cond, a, b, out]) backend.free(s);
  });
});

describe('binary', () => {
  // Values on a 0.5 grid so comparisons see plenty of ties.
  const aData = Float32Array.from(randomFloats(40, 5, -4, 4), (v) => Math.round(v * 2) / 2);
  const bData = Float32Array.from(randomFloats(40, 6, -4, 4), (v) => Math.round(v * 2) / 2 || 0.5);

  for (const [op, ref] of Object.entries(FLOAT_BINARY) as [BinaryOp, (a: number, b: number) => number][]) {
    it(`${op} with both operands broadcast ([5,1] x [1,8] -> [5,8])`, async () => {
      const a = backend.upload(aData);
      const b = backend.upload(bData);
      const out = backend.alloc(40, 'float32');
      // a: column of 5 starting at element 3, broadcast along axis 1; b: row of 8, broadcast along axis 0.
      const av = { shape: [5, 8], strides: [1, 0], offset: 3 };
      const bv = { shape: [5, 8], strides: [0, 1], offset: 0 };
      backend.binary(op, view(a, av.shape, av.strides, av.offset), view(b, bv.shape, bv.strides), out);
      const A = materialise(aData, av);
      const B = materialise(bData, bv);
      // pow of a negative base with a fractional exponent is NaN in both.
      const expected = A.map((x, i) => ref(x, B[i]!));
      expectClose(await backend.read(out), expected, { abs: 1e-5, rel: 1e-5 }, `binary ${op}`);
      backend.free(a);
      backend.free(b);
      backend.free(out);
    });
  }

  it('pow follows Math.pow for negative bases with integer exponents and x^0', async () => {
    const a = backend.upload(new Float32Array([-2, -2, -3, 0, 0, 4, -1.5]));
    const b = backend.upload(new Float32Array([3, 2, 0, 0, 2, 0.5, 2]));
    const out = backend.alloc(7, 'float32');
    backend.binary('pow', view(a, [7]), view(b, [7]), out);
    expectClose(await backend.read(out), [-8, 4, 1, 1, 0, 2, 2.25], { abs: 1e-6 }, 'pow');
  });

  it('int32 arithmetic and comparisons are exact, also into a float32 output', async () => {
    const aData = randomInts(64, 7, -1000, 1000);
    const bData = randomInts(64, 8, -1000, 1000);
    bData.set([aData[0]!, aData[1]!], 0); // some ties
    const a = backend.upload(aData);
    const b = backend.upload(bData);
    const ops: [BinaryOp, (x: number, y: number) => number][] = [
      ['add', (x, y) => x + y],
      ['sub', (x, y) => x - y],
      ['mul', (x, y) => x * y],
      ['maximum', Math.max],
      ['minimum', Math.min],
      ['div', (x, y) => (x / y) | 0], // as an Int32Array stores it: truncated, x/0 -> 0
      ['equal', (x, y) => +(x === y)],
      ['notEqual', (x, y) => +(x !== y)],
      ['less', (x, y) => +(x < y)],
      ['lessEqual', (x, y) => +(x <= y)],
      ['greater', (x, y) => +(x > y)],
      ['greaterEqual', (x, y) => +(x >= y)],
    ];
    for (const [op, ref] of ops) {
      const out = backend.alloc(64, 'int32');
      backend.binary(op, view(a, [8, 8]), view(b, [8, 8], [1, 8]), out); // b read transposed
      const B = materialise(bData, { shape: [8, 8], strides: [1, 8], offset: 0 });
      expectClose(await backend.read(out), Array.from(aData, (x, i) => ref(x, B[i]!)), { abs: 0 }, `int32 ${op}`);
      backend.free(out);
    }
    const outF = backend.alloc(64, 'float32');
    backend.binary('less', view(a, [64]), view(b, [64]), outF);
    expectClose(await backend.read(outF), Array.from(aData, (x, i) => +(x < bData[i]!)), { abs: 0 }, 'int32 less -> float32');
    backend.free(a);
    backend.free(b);
    backend.free(outF);
  });

  it('mixed float32 and int32 operands compute in float', async () => {
    const a = backend.upload(new Float32Array([0.5, 1.5, -2.25]));
    const b = backend.upload(new Int32Array([2, -3, 4]));
    const out = backend.alloc(3, 'float32');
    backend.binary('mul', view(a, [3]), view(b, [3]), out);
    expectClose(await backend.read(out), [1, -4.5, -9], { abs: 0 }, 'float * int');
  });
});

describe('where', () => {
  it('selects with a broadcast float condition (0 and -0 are false)', async () => {
    const cond = backend.upload(new Float32Array([1, 0, -0, -2.5]));
    const aData = randomFloats(12, 9);
    const bData = randomFloats(12, 10);
    const a = backend.upload(aData);
    const b = backend.upload(bData);
    const out = backend.alloc(12, 'float32');
    // cond [4] broadcast over 3 rows; b read transposed from a [4, 3] layout.
    backend.where(view(cond, [3, 4], [0, 1]), view(a, [3, 4]), view(b, [3, 4], [1, 3]), out);
    const B = materialise(bData, { shape: [3, 4], strides: [1, 3], offset: 0 });
    const expected = Array.from({ length: 12 }, (_, i) => ([1, 0, 0, 1][i % 4] ? aData[i]! : B[i]!));
    expectClose(await backend.read(out), expected, { abs: 0 }, 'where float');
  });

  it('selects int32 values exactly with an int32 condition', async () => {
    const cond = backend.upload(new Int32Array([0, 1, 0, 7, 0]));
    const a = backend.upload(new Int32Array([2147483647, 2, 3, 4, 5]));
    const b = backend.upload(new Int32Array([-1, -2, -3, -4, -2147483647]));
    const out = backend.alloc(5, 'int32');
    backend.where(view(cond, [5]), view(a, [5]), view(b, [5]), out);
    expect(Array.from(await backend.read(out))).toEqual([-1, 2, -3, 4, -2147483647]);
  });
});

describe('fill', () => {
  it('fills float32 and int32 storages', async () => {
    const f = backend.alloc(1000, 'float32');
    const i = backend.alloc(33, 'int32');
    backend.fill(f, -1.25);
    backend.fill(i, -7);
    expect(Array.from(await backend.read(f)).every((v) => v === -1.25)).toBe(true);
    expect(Array.from(await backend.read(i)).every((v) => v === -7)).toBe(true);
  });
});

describe('simplifyViews', () => {
  it('merges axes contiguous in every view and drops extent-1 axes', () => {
    expect(simplifyViews([2, 3, 4], [[12, 4, 1], [12, 4, 1]])).toEqual({ shape: [24], strides: [[1], [1]] });
    expect(simplifyViews([2, 1, 3, 4], [[12, 99, 4, 1], [0, 7, 0, 1]])).toEqual({ shape: [6, 4], strides: [[4, 1], [0, 1]] });
    expect(simplifyViews([3, 4], [[1, 3]])).toEqual({ shape: [3, 4], strides: [[1, 3]] });
    expect(simplifyViews([1, 1], [[5, 5]])).toEqual({ shape: [], strides: [[]] });
  });
});
