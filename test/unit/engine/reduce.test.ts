// Reductions against the float64 reference: every axis subset (adjacent or
// not, negative axes), keepdims, the standard sizes, views as inputs.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/engine';
import { backends, expectTensor, meanOf, randomFloats, ref, refReduce, SIZES, sumOf, varianceOf, type Tolerance } from './support';

const argOf = (pick: 'max' | 'min') => (values: number[]) => {
  let best = 0;
  values.forEach((v, i) => {
    if (pick === 'max' ? v > values[best]! : v < values[best]!) best = i;
  });
  return best;
};

/** Sums round once per output in float64 on the CPU; the GPU accumulates in float32, hence rtol ~ n * eps. */
const REDUCTIONS = {
  sum: { combine: sumOf, tol: (n: number): Tolerance => ({ atol: 1e-6 * n, rtol: 1e-6 }) },
  mean: { combine: meanOf, tol: (): Tolerance => ({ atol: 1e-6, rtol: 1e-6 }) },
  max: { combine: (v: number[]) => Math.max(...v), tol: (): Tolerance => ({ atol: 0 }) },
  min: { combine: (v: number[]) => Math.min(...v), tol: (): Tolerance => ({ atol: 0 }) },
  variance: { combine: varianceOf, tol: (): Tolerance => ({ atol: 1e-5, rtol: 1e-5 }) },
} as const;

type ReductionName = keyof typeof REDUCTIONS;

describe.each(backends)('reductions ($name)', ({ create }) => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await create();
  });
  afterAll(() => engine?.dispose());

  describe.each(Object.keys(REDUCTIONS) as ReductionName[])('%s', (op) => {
    const { combine, tol } = REDUCTIONS[op];
    it.each(SIZES)('over all elements of size %i', async (size) => {
      const x = randomFloats(size, size + 100);
      await engine.tidy(async () => {
        await expectTensor(engine[op](engine.tensor(x)), refReduce(ref([size], x), [0], false, combine), tol(size), op);
      });
    });

    it('over every axis subset of a [3,17,5] tensor, with and without keepdims', async () => {
      const shape = [3, 17, 5];
      const x = randomFloats(255, 42);
      const subsets = [[0], [1], [2], [0, 1], [1, 2], [0, 2], [0, 1, 2], [-1], [-3, -1]];
      for (const axes of subsets) {
        for (const keepdims of [false, true]) {
          await engine.tidy(async () => {
            const normalized = axes.map((a) => (a < 0 ? a + 3 : a));
            const n = normalized.reduce((p, a) => p * shape[a]!, 1);
            await expectTensor(
              engine[op](engine.tensor(x, shape), axes, keepdims),
              refReduce(ref(shape, x), normalized, keepdims, combine),
              tol(n),
              `${op} axes ${axes} keepdims ${keepdims}`,
            );
          });
        }
      }
    });
  });

  it.each(['argmax', 'argmin'] as const)('%s over each axis, first index on ties', async (op) => {
    const shape = [4, 65, 3];
    const x = randomFloats(4 * 65 * 3, 77);
    // Plant ties: duplicate the extreme in a later position.
    x[5 * 3] = 10;
    x[9 * 3] = 10;
    x[7 * 3 + 1] = -10;
    x[8 * 3 + 1] = -10;
    for (const axis of [0, 1, 2, -1]) {
      await engine.tidy(async () => {
        const out = engine[op](engine.tensor(x, shape), axis);
        expect(out.dtype).toBe('int32');
        const normalized = axis < 0 ? axis + 3 : axis;
        await expectTensor(out, refReduce(ref(shape, x), [normalized], false, argOf(op === 'argmax' ? 'max' : 'min')), { atol: 0 }, `${op} ${axis}`);
      });
    }
    await engine.tidy(async () => {
      const flat = engine[op](engine.tensor(x, shape));
      expect(flat.shape).toEqual([]);
      expect(await flat.item()).toBe(argOf(op === 'argmax' ? 'max' : 'min')(Array.from(x)));
      expect(engine[op](engine.tensor(x, shape), 1, true).shape).toEqual([4, 1, 3]);
    });
  });

  it('reduces non-contiguous views (transposed, sliced) and random axis sets (property)', async () => {
    const x = randomFloats(6 * 7 * 8, 5);
    await fc.assert(
      fc.asyncProperty(
        fc.subarray([0, 1, 2]),
        fc.boolean(),
        fc.constantFrom('sum', 'max', 'mean') as fc.Arbitrary<ReductionName>,
        async (axes, keepdims, op) => {
          await engine.tidy(async () => {
            // permute to [8,6,7] then slice [1:7, :, 2:7] -> [6,6,5]
            const view = engine.tensor(x, [6, 7, 8]).permute([2, 0, 1]).slice([1, 0, 2], [6, -1, 5]);
            const base = ref([6, 7, 8], x);
            const permuted = refPermuteSlice(base);
            const n = axes.reduce((p, a) => p * permuted.shape[a]!, 1);
            await expectTensor(
              engine[op](view, axes, keepdims),
              refReduce(permuted, axes, keepdims, REDUCTIONS[op].combine),
              REDUCTIONS[op].tol(n),
              `${op} ${axes}`,
            );
          });
        },
      ),
      { numRuns: 25, seed: 99 },
    );
  });

  it('sums int32 to int32 and means int32 to float32', async () => {
    await engine.tidy(async () => {
      const t = engine.tensor(Int32Array.from([1, 2, 3, 4]), [2, 2]);
      const s = t.sum(0);
      expect(s.dtype).toBe('int32');
      expect(Array.from(await s.data())).toEqual([4, 6]);
      const m = t.mean();
      expect(m.dtype).toBe('float32');
      expect(await m.item()).toBe(2.5);
    });
  });
});

/** The permute([2,0,1]) + slice([1,0,2],[6,-1,5]) of the test above, in the reference. */
function refPermuteSlice(x: { shape: number[]; data: Float64Array }) {
  const out = new Float64Array(6 * 6 * 5);
  for (let i = 0; i < 6; i++) {
    for (let j = 0; j < 6; j++) {
      for (let k = 0; k < 5; k++) {
        // permuted[i', j, k'] = x[j, k', i'] with i' = i + 1, k' = k + 2
        out[(i * 6 + j) * 5 + k] = x.data[(j * 7 + (k + 2)) * 8 + (i + 1)]!;
      }
    }
  }
  return { shape: [6, 6, 5], data: out };
}
