// Elementwise ops against the float64 reference: every binary and unary op at
// the standard sizes, broadcasting by property tests, scalars, int32, views.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine, Tensor } from '../../../src/engine';
import {
  backends,
  expectTensor,
  randomFloats,
  randomInts,
  ref,
  refMap,
  refScalar,
  refZip,
  SIZES,
  type Tolerance,
} from './support';

type BinaryName =
  | 'add' | 'sub' | 'mul' | 'div' | 'pow' | 'maximum' | 'minimum'
  | 'equal' | 'notEqual' | 'less' | 'lessEqual' | 'greater' | 'greaterEqual';

/** Reference function and tolerance per binary op. Exact ops: float32 rounding of the float64 result is exact. */
const BINARY: Record<BinaryName, { f: (a: number, b: number) => number; tol: Tolerance; positiveA?: boolean }> = {
  add: { f: (a, b) => a + b, tol: { atol: 0, rtol: 1.2e-7 } },
  sub: { f: (a, b) => a - b, tol: { atol: 0, rtol: 1.2e-7 } },
  mul: { f: (a, b) => a * b, tol: { atol: 0, rtol: 1.2e-7 } },
  div: { f: (a, b) => a / b, tol: { atol: 0, rtol: 4e-7 } },
  // pow of a positive base (a negative base with a fractional exponent is NaN).
  pow: { f: Math.pow, tol: { atol: 1e-6, rtol: 4e-6 }, positiveA: true },
  maximum: { f: Math.max, tol: { atol: 0 } },
  minimum: { f: Math.min, tol: { atol: 0 } },
  equal: { f: (a, b) => Number(a === b), tol: { atol: 0 } },
  notEqual: { f: (a, b) => Number(a !== b), tol: { atol: 0 } },
  less: { f: (a, b) => Number(a < b), tol: { atol: 0 } },
  lessEqual: { f: (a, b) => Number(a <= b), tol: { atol: 0 } },
  greater: { f: (a, b) => Number(a > b), tol: { atol: 0 } },
  greaterEqual: { f: (a, b) => Number(a >= b), tol: { atol: 0 } },
};

type UnaryName = 'neg' | 'abs' | 'exp' | 'log' | 'sqrt' | 'square' | 'relu' | 'sigmoid' | 'tanh' | 'gelu' | 'rsqrt' | 'reciprocal' | 'sign';

const GELU_C = Math.sqrt(2 / Math.PI);
export const refGelu = (x: number): number => 0.5 * x * (1 + Math.tanh(GELU_C * (x + 0.044715 * x ** 3)));

/** Reference function, tolerance, and input range per unary op (GPU transcendental accuracy sets the tolerances). */
const UNARY: Record<UnaryName, { f: (x: number) => number; tol: Tolerance; positive?: boolean }> = {
  neg: { f: (x) => -x, tol: { atol: 0 } },
  abs: { f: Math.abs, tol: { atol: 0 } },
  sign: { f: Math.sign, tol: { atol: 0 } },
  square: { f: (x) => x * x, tol: { atol: 0, rtol: 1.2e-7 } },
  relu: { f: (x) => Math.max(x, 0), tol: { atol: 0 } },
  exp: { f: Math.exp, tol: { atol: 0, rtol: 2e-6 } },
  log: { f: Math.log, tol: { atol: 2e-6, rtol: 1e-6 }, positive: true },
  sqrt: { f: Math.sqrt, tol: { atol: 0, rtol: 4e-7 }, positive: true },
  rsqrt: { f: (x) => 1 / Math.sqrt(x), tol: { atol: 0, rtol: 2e-6 }, positive: true },
  reciprocal: { f: (x) => 1 / x, tol: { atol: 0, rtol: 4e-7 }, positive: true },
  sigmoid: { f: (x) => 1 / (1 + Math.exp(-x)), tol: { atol: 2e-6, rtol: 1e-6 } },
  tanh: { f: Math.tanh, tol: { atol: 2e-6, rtol: 1e-6 } },
  gelu: { f: refGelu, tol: { atol: 2e-6, rtol: 1e-6 } },
};

describe.each(backends)('elementwise ($name)', ({ create }) => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await create();
  });
  afterAll(() => engine?.dispose());

  describe.each(Object.keys(BINARY) as BinaryName[])('%s', (op) => {
    const { f, tol, positiveA } = BINARY[op];
    it.each(SIZES)('size %i matches the float64 reference', async (size) => {
      const a = randomFloats(size, size * 31 + 1, positiveA ? 0.1 : -3, 3);
      const b = randomFloats(size, size * 31 + 2, -3, 3);
      // Make some elements equal so the comparisons see ties.
      for (let i = 0; i < size; i += 3) b[i] = a[i]!;
      await engine.tidy(async () => {
        const out = engine[op](engine.tensor(a), engine.tensor(b));
        await expectTensor(out, refZip(ref([size], a), ref([size], b), f), tol, op);
      });
    });
  });

  describe.each(Object.keys(UNARY) as UnaryName[])('%s', (op) => {
    const { f, tol, positive } = UNARY[op];
    it.each(SIZES)('size %i matches the float64 reference', async (size) => {
      const x = randomFloats(size, size * 17 + 5, positive ? 0.05 : -4, 4);
      await engine.tidy(async () => {
        await expectTensor(engine[op](engine.tensor(x)), refMap(ref([size], x), f), tol, op);
      });
    });
  });

  it('leakyRelu uses alpha (default 0.01)', async () => {
    const x = randomFloats(65, 3);
    await engine.tidy(async () => {
      const t = engine.tensor(x);
      await expectTensor(t.leakyRelu(), refMap(ref([65], x), (v) => (v > 0 ? v : 0.01 * v)), { atol: 0, rtol: 1.2e-7 });
      await expectTensor(t.leakyRelu(0.2), refMap(ref([65], x), (v) => (v > 0 ? v : 0.2 * v)), { atol: 0, rtol: 1.2e-7 });
    });
  });

  it('exp, sigmoid and tanh stay finite and saturate at large |x|', async () => {
    const x = Float32Array.from([-100, -30, 30, 80]);
    await engine.tidy(async () => {
      const t = engine.tensor(x);
      await expectTensor(t.sigmoid(), refMap(ref([4], x), (v) => 1 / (1 + Math.exp(-v))), { atol: 1e-7 });
      await expectTensor(t.tanh(), refMap(ref([4], x), Math.tanh), { atol: 1e-7 });
      await expectTensor(t.gelu(), refMap(ref([4], x), refGelu), { atol: 1e-6, rtol: 1e-6 });
    });
  });

  it('broadcasts any compatible pair of shapes (property)', async () => {
    const shapePair = fc
      .array(fc.integer({ min: 1, max: 5 }), { minLength: 0, maxLength: 4 })
      .chain((full) =>
        fc.tuple(
          fc.constant(full),
          fc.integer({ min: 0, max: full.length }),
          fc.array(fc.boolean(), { minLength: full.length, maxLength: full.length }),
          fc.boolean(),
        ),
      )
      .map(([full, drop, ones, swap]) => {
        const other = full.slice(drop).map((dim, i) => (ones[i + drop] ? 1 : dim));
        return swap ? [other, full] : [full, other];
      });
    await fc.assert(
      fc.asyncProperty(shapePair, fc.constantFrom('add', 'sub', 'mul', 'maximum') as fc.Arbitrary<BinaryName>, async ([shapeA, shapeB], op) => {
        const sizeA = shapeA!.reduce((x, y) => x * y, 1);
        const sizeB = shapeB!.reduce((x, y) => x * y, 1);
        const a = randomFloats(sizeA, sizeA + 7);
        const b = randomFloats(sizeB, sizeB + 11);
        await engine.tidy(async () => {
          const out = engine[op](engine.tensor(a, shapeA), engine.tensor(b, shapeB));
          await expectTensor(out, refZip(ref(shapeA!, a), ref(shapeB!, b), BINARY[op].f), BINARY[op].tol, `${op} ${shapeA} ${shapeB}`);
        });
      }),
      { numRuns: 40, seed: 1234 },
    );
  });

  it('accepts JavaScript numbers on either side', async () => {
    const x = randomFloats(17, 9);
    await engine.tidy(async () => {
      const t = engine.tensor(x, [17]);
      await expectTensor(t.add(2), refZip(ref([17], x), refScalar(2), (a, b) => a + b), { atol: 0, rtol: 1.2e-7 });
      await expectTensor(engine.sub(1, t), refZip(refScalar(1), ref([17], x), (a, b) => a - b), { atol: 0, rtol: 1.2e-7 });
      await expectTensor(engine.div(1, t), refZip(refScalar(1), ref([17], x), (a, b) => a / b), { atol: 0, rtol: 4e-7 });
      await expectTensor(t.pow(2), refMap(ref([17], x), (v) => v * v), { atol: 1e-6, rtol: 4e-6 });
    });
    expect(engine.memory().tensors).toBe(0);
  });

  it('reads transposed, sliced and broadcast views without copying them first', async () => {
    const x = randomFloats(12, 21);
    const y = randomFloats(4, 22);
    await engine.tidy(async () => {
      const t = engine.tensor(x, [3, 4]).transpose(); // [4,3] non-contiguous
      const s = engine.tensor(y, [4]).slice([1], [3]); // [3] with an offset
      const expected = refZip(
        { shape: [4, 3], data: Float64Array.from({ length: 12 }, (_, i) => x[(i % 3) * 4 + Math.floor(i / 3)]!) },
        ref([3], y.subarray(1)),
        (a, b) => a * b,
      );
      await expectTensor(t.mul(s), expected, { atol: 0, rtol: 1.2e-7 });
    });
  });

  it('computes int32 arithmetic and comparisons in int32', async () => {
    const a = randomInts(63, 1, -50, 50);
    const b = randomInts(63, 2, 1, 9);
    await engine.tidy(async () => {
      const ta = engine.tensor(a);
      const tb = engine.tensor(b);
      for (const [op, f] of [
        ['add', (x: number, y: number) => x + y],
        ['sub', (x: number, y: number) => x - y],
        ['mul', (x: number, y: number) => x * y],
        ['div', (x: number, y: number) => Math.trunc(x / y)],
        ['maximum', Math.max],
        ['less', (x: number, y: number) => Number(x < y)],
      ] as const) {
        const out = engine[op](ta, tb);
        expect(out.dtype).toBe('int32');
        await expectTensor(out, refZip(ref([63], a), ref([63], b), f), { atol: 0 }, op);
      }
      const neg = ta.neg().abs();
      expect(neg.dtype).toBe('int32');
      await expectTensor(neg, refMap(ref([63], a), Math.abs), { atol: 0 });
    });
  });

  it('where selects with broadcasting and a scalar branch', async () => {
    const cond = Float32Array.from({ length: 12 }, (_, i) => i % 3 === 0 ? 1 : 0);
    const a = randomFloats(4, 30);
    await engine.tidy(async () => {
      const out = engine.where(engine.tensor(cond, [3, 4]), engine.tensor(a, [4]), -1);
      const expected = refZip(ref([3, 4], cond), ref([4], a), (c, v) => (c !== 0 ? v : -1));
      await expectTensor(out, expected, { atol: 0 });
    });
  });

  it('casts between float32 and int32, truncating toward zero', async () => {
    await engine.tidy(async () => {
      const f = engine.tensor([-2.7, -0.5, 0.5, 3.9]);
      const i = f.toInt();
      expect(i.dtype).toBe('int32');
      expect(Array.from(await i.data())).toEqual([-2, 0, 0, 3]);
      const back = i.toFloat();
      expect(back.dtype).toBe('float32');
      expect(Array.from(await back.data())).toEqual([-2, 0, 0, 3]);
    });
  });
});
