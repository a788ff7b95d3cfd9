// Shape ops against the float64 reference: views (no copy) where promised,
// copies where needed, concat/stack through gatherRows + where.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/engine';
import { backends, expectTensor, randomFloats, randomInts, ref, refConcat, refPermute, refSlice, SIZES } from './support';

const EXACT = { atol: 0 };

describe.each(backends)('shape ops ($name)', ({ create }) => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await create();
  });
  afterAll(() => engine?.dispose());

  it('reshape infers one -1 and is a view of a contiguous tensor', async () => {
    const x = randomFloats(24, 1);
    await engine.tidy(async () => {
      const t = engine.tensor(x, [2, 3, 4]);
      const r = t.reshape([4, -1]);
      expect(r.shape).toEqual([4, 6]);
      expect(r.storage).toBe(t.storage);
      await expectTensor(r, ref([4, 6], x), EXACT);
    });
  });

  it('reshape of a non-contiguous view copies in row-major order of the view', async () => {
    const x = randomFloats(12, 2);
    await engine.tidy(async () => {
      const r = engine.tensor(x, [3, 4]).transpose().reshape([12]);
      await expectTensor(r, { ...refPermute(ref([3, 4], x), [1, 0]), shape: [12] }, EXACT);
    });
  });

  it.each(SIZES)('transpose and permute are views that read correctly (size %i)', async (size) => {
    const x = randomFloats(size * 6, size);
    await engine.tidy(async () => {
      const t = engine.tensor(x, [2, size, 3]);
      const p = t.permute([2, 0, 1]);
      expect(p.storage).toBe(t.storage);
      await expectTensor(p, refPermute(ref([2, size, 3], x), [2, 0, 1]), EXACT);
      await expectTensor(t.transpose(), refPermute(ref([2, size, 3], x), [2, 1, 0]), EXACT);
      await expectTensor(t.transpose([0, 2, 1]).contiguous(), refPermute(ref([2, size, 3], x), [0, 2, 1]), EXACT);
    });
  });

  it('slice takes (begin, size) with -1 = to the end and negative begin from the end', async () => {
    const x = randomFloats(5 * 65, 3);
    await engine.tidy(async () => {
      const t = engine.tensor(x, [5, 65]);
      await expectTensor(t.slice([1, 3], [2, 60]), refSlice(ref([5, 65], x), [1, 3], [2, 60]), EXACT);
      await expectTensor(t.slice([2], [-1]), refSlice(ref([5, 65], x), [2, 0], [3, 65]), EXACT);
      await expectTensor(t.slice([-1, -5]), refSlice(ref([5, 65], x), [4, 60], [1, 5]), EXACT);
      expect(t.slice([1, 1], [1, 1]).storage).toBe(t.storage);
    });
  });

  it('broadcastTo, expandDims and squeeze are views', async () => {
    const x = randomFloats(3, 4);
    await engine.tidy(async () => {
      const t = engine.tensor(x, [3, 1]);
      const b = t.broadcastTo([2, 3, 4]);
      expect(b.strides).toEqual([0, 1, 0]);
      await expectTensor(b, { shape: [2, 3, 4], data: Float64Array.from({ length: 24 }, (_, i) => x[Math.floor(i / 4) % 3]!) }, EXACT);
      const e = t.expandDims(0);
      expect(e.shape).toEqual([1, 3, 1]);
      expect(e.expandDims(-1).shape).toEqual([1, 3, 1, 1]);
      expect(e.squeeze().shape).toEqual([3]);
      expect(e.squeeze(-1).shape).toEqual([1, 3]);
      await expectTensor(e.squeeze(), ref([3], x), EXACT);
    });
  });

  it.each([0, 1, 2, -1])('concat along axis %i with unequal lengths', async (axis) => {
    const shapes = [
      [2, 3, 4],
      [2, 3, 4],
      [2, 3, 4],
    ].map((s, i) => s.map((d, a) => (a === (axis + 3) % 3 ? d + i : d)));
    const parts = shapes.map((s, i) => randomFloats(s.reduce((p, d) => p * d, 1), 10 + i));
    await engine.tidy(async () => {
      const out = engine.concat(parts.map((p, i) => engine.tensor(p, shapes[i])), axis);
      await expectTensor(out, refConcat(parts.map((p, i) => ref(shapes[i]!, p)), (axis + 3) % 3), EXACT);
    });
  });

  it('concat of non-contiguous views and of int32 tensors', async () => {
    const a = randomFloats(12, 20);
    const b = randomFloats(8, 21);
    const ia = randomInts(6, 1, -100, 100);
    const ib = randomInts(4, 2, -100, 100);
    await engine.tidy(async () => {
      const ta = engine.tensor(a, [4, 3]).transpose(); // [3,4]
      // A slice of a broadcast view, reshaped: [2,4] rows that are not a plain storage.
      const tb2 = engine.tensor(b, [2, 4]).broadcastTo([3, 2, 4]).slice([1, 0, 0], [1, -1, -1]).reshape([2, 4]); // [2,4]
      const out = engine.concat([ta, tb2], 0);
      await expectTensor(out, refConcat([refPermute(ref([4, 3], a), [1, 0]), ref([2, 4], b)], 0), EXACT);
      const ints = engine.concat([engine.tensor(ia, [2, 3]), engine.tensor(ib, [2, 2])], 1);
      expect(ints.dtype).toBe('int32');
      await expectTensor(ints, refConcat([ref([2, 3], ia), ref([2, 2], ib)], 1), EXACT);
    });
  });

  it('stack adds a new axis', async () => {
    const parts = [0, 1, 2].map((i) => randomFloats(6, 30 + i));
    await engine.tidy(async () => {
      const tensors = parts.map((p) => engine.tensor(p, [2, 3]));
      const s0 = engine.stack(tensors);
      expect(s0.shape).toEqual([3, 2, 3]);
      await expectTensor(s0, refConcat(parts.map((p) => ref([1, 2, 3], p)), 0), EXACT);
      const s2 = engine.stack(tensors, -1);
      expect(s2.shape).toEqual([2, 3, 3]);
      await expectTensor(s2, refConcat(parts.map((p) => ref([2, 3, 1], p)), 2), EXACT);
    });
  });

  it('toArray nests by shape; item reads a scalar', async () => {
    await engine.tidy(async () => {
      const t = engine.tensor([
        [1, 2, 3],
        [4, 5, 6],
      ]);
      expect(await t.toArray()).toEqual([
        [1, 2, 3],
        [4, 5, 6],
      ]);
      expect(await t.transpose().toArray()).toEqual([
        [1, 4],
        [2, 5],
        [3, 6],
      ]);
      expect(await engine.tensor(7).toArray()).toBe(7);
      expect(await t.sum().item()).toBe(21);
    });
  });
});
