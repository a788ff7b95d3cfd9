// matmul against the float64 reference: square and ragged sizes, batch
// broadcasting, transposed (strided) operands, NumPy 1-D rules.
// Tolerance: 1e-6 * K * max|a| * max|b| (float32 accumulation error grows with K).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/engine';
import { backends, expectTensor, randomFloats, ref, refMatmul, refPermute, SIZES } from './support';

const maxAbs = (x: Float32Array) => x.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
const tolerance = (K: number, a: Float32Array, b: Float32Array) => ({ atol: 1e-6 * K * maxAbs(a) * maxAbs(b) });

describe.each(backends)('matmul ($name)', ({ name, create }) => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await create();
  });
  afterAll(() => engine?.dispose());

  const cases: [number, number, number][] = [
    ...SIZES.map((n) => [n, n, n] as [number, number, number]),
    [17, 63, 65],
    [1, 257, 3],
    [65, 1, 33],
    [33, 100, 1],
  ];

  it.each(cases)('[%i,%i] @ [%i,N]', async (M, K, N) => {
    const a = randomFloats(M * K, M * 7 + K);
    const b = randomFloats(K * N, K * 13 + N);
    await engine.tidy(async () => {
      const out = engine.tensor(a, [M, K]).matmul(engine.tensor(b, [K, N]));
      await expectTensor(out, refMatmul(ref([M, K], a), ref([K, N], b)), tolerance(K, a, b));
    });
  });

  it('broadcasts batch axes: [2,1,5,7] @ [3,7,4] -> [2,3,5,4]', async () => {
    const a = randomFloats(2 * 5 * 7, 1);
    const b = randomFloats(3 * 7 * 4, 2);
    await engine.tidy(async () => {
      const out = engine.matmul(engine.tensor(a, [2, 1, 5, 7]), engine.tensor(b, [3, 7, 4]));
      await expectTensor(out, refMatmul(ref([2, 1, 5, 7], a), ref([3, 7, 4], b)), tolerance(7, a, b));
    });
  });

  it('batched [4,17,9] @ [9,6] shares the right matrix across the batch', async () => {
    const a = randomFloats(4 * 17 * 9, 3);
    const b = randomFloats(9 * 6, 4);
    await engine.tidy(async () => {
      const out = engine.matmul(engine.tensor(a, [4, 17, 9]), engine.tensor(b, [9, 6]));
      await expectTensor(out, refMatmul(ref([4, 17, 9], a), ref([9, 6], b)), tolerance(9, a, b));
    });
  });

  it('reads transposed operands as strided views', async () => {
    const a = randomFloats(65 * 33, 5); // stored [65,33], used as [33,65]
    const b = randomFloats(17 * 65, 6); // stored [17,65], used as [65,17]
    await engine.tidy(async () => {
      const out = engine.tensor(a, [65, 33]).transpose().matmul(engine.tensor(b, [17, 65]).transpose());
      const expected = refMatmul(refPermute(ref([65, 33], a), [1, 0]), refPermute(ref([17, 65], b), [1, 0]));
      await expectTensor(out, expected, tolerance(65, a, b));
    });
  });

  it('follows NumPy for 1-D operands', async () => {
    const v = randomFloats(5, 7);
    const m = randomFloats(15, 8);
    await engine.tidy(async () => {
      const tv = engine.tensor(v);
      const vm = tv.matmul(engine.tensor(m, [5, 3]));
      expect(vm.shape).toEqual([3]);
      await expectTensor(vm, { ...refMatmul(ref([1, 5], v), ref([5, 3], m)), shape: [3] }, tolerance(5, v, m));
      const mv = engine.tensor(m, [3, 5]).matmul(tv);
      expect(mv.shape).toEqual([3]);
      await expectTensor(mv, { ...refMatmul(ref([3, 5], m), ref([5, 1], v)), shape: [3] }, tolerance(5, v, m));
      const vv = tv.matmul(tv);
      expect(vv.shape).toEqual([]);
      expect(await vv.item()).toBeCloseTo(v.reduce((s, x) => s + x * x, 0), 5);
    });
  });
});
