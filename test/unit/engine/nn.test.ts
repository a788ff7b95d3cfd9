// NN ops against the float64 reference: softmax/logSoftmax (incl. huge logits),
// layerNorm, crossEntropy, mseLoss, embedding, dropout, oneHot.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/engine';
import {
  backends,
  expectTensor,
  meanOf,
  randomFloats,
  randomInts,
  ref,
  refMap,
  refMatmul,
  refPermute,
  refSoftmaxRows,
  SIZES,
  varianceOf,
} from './support';

const SOFTMAX_TOL = { atol: 1e-6, rtol: 1e-5 };

/** layerNorm over the last axis in float64. */
function refLayerNorm(x: Float32Array, rows: number, cols: number, gamma?: Float32Array, beta?: Float32Array): Float64Array {
  const out = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    const row = Array.from(x.subarray(r * cols, (r + 1) * cols));
    const m = meanOf(row);
    const s = 1 / Math.sqrt(varianceOf(row) + 1e-5);
    row.forEach((v, c) => (out[r * cols + c] = (v - m) * s * (gamma?.[c] ?? 1) + (beta?.[c] ?? 0)));
  }
  return out;
}

describe.each(backends)('nn ops ($name)', ({ create }) => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await create();
  });
  afterAll(() => engine?.dispose());

  it.each(SIZES)('softmax and logSoftmax over the last axis, %i classes', async (cols) => {
    const x = randomFloats(3 * cols, cols, -5, 5);
    await engine.tidy(async () => {
      const t = engine.tensor(x, [3, cols]);
      await expectTensor(t.softmax(), refSoftmaxRows(ref([3, cols], x)), SOFTMAX_TOL);
      await expectTensor(t.logSoftmax(), refSoftmaxRows(ref([3, cols], x), true), { atol: 1e-5, rtol: 1e-6 });
    });
  });

  it('softmax over a non-last axis equals softmax of the transposed tensor', async () => {
    const x = randomFloats(4 * 17, 3);
    await engine.tidy(async () => {
      const out = engine.softmax(engine.tensor(x, [17, 4]), 0);
      const expected = refPermute(refSoftmaxRows(refPermute(ref([17, 4], x), [1, 0])), [1, 0]);
      await expectTensor(out, expected, SOFTMAX_TOL);
    });
  });

  it('softmax and logSoftmax are stable for logits near float32 max', async () => {
    const x = Float32Array.from([1e38, 3e38, -3e38, 1000, 1001, 1002]);
    await engine.tidy(async () => {
      const t = engine.tensor(x, [2, 3]);
      await expectTensor(t.softmax(), refSoftmaxRows(ref([2, 3], x)), SOFTMAX_TOL);
      await expectTensor(t.logSoftmax().slice([1, 0]), refSoftmaxRows(ref([1, 3], x.subarray(3)), true), { atol: 1e-5 });
    });
  });

  it.each([1, 17, 65, 257])('layerNorm over %i features, with and without gamma/beta', async (cols) => {
    const x = randomFloats(5 * cols, cols + 1, -3, 3);
    const gamma = randomFloats(cols, cols + 2, 0.5, 1.5);
    const beta = randomFloats(cols, cols + 3);
    await engine.tidy(async () => {
      const t = engine.tensor(x, [5, cols]);
      await expectTensor(t.engine.layerNorm(t), ref([5, cols], refLayerNorm(x, 5, cols)), { atol: 2e-5, rtol: 1e-5 });
      await expectTensor(
        engine.layerNorm(t, engine.tensor(gamma), engine.tensor(beta)),
        ref([5, cols], refLayerNorm(x, 5, cols, gamma, beta)),
        { atol: 2e-5, rtol: 1e-5 },
      );
    });
  });

  it.each([1, 17, 65])('crossEntropy with %i classes is the mean of -log softmax[label]', async (classes) => {
    const rows = 63;
    const logits = randomFloats(rows * classes, classes, -4, 4);
    const labels = randomInts(rows, classes + 1, 0, classes);
    await engine.tidy(async () => {
      const loss = engine.crossEntropy(engine.tensor(logits, [rows, classes]), engine.tensor(labels));
      expect(loss.shape).toEqual([]);
      const logp = refSoftmaxRows(ref([rows, classes], logits), true);
      const expected = -meanOf(Array.from(labels, (label, r) => logp.data[r * classes + label]!));
      expect(Math.abs((await loss.item()) - expected)).toBeLessThan(1e-5 * Math.max(1, Math.abs(expected)));
    });
  });

  it('mseLoss is the mean squared difference', async () => {
    const a = randomFloats(257, 1);
    const b = randomFloats(257, 2);
    await engine.tidy(async () => {
      const loss = engine.mseLoss(engine.tensor(a, [257, 1]), engine.tensor(b, [257, 1]));
      const expected = meanOf(Array.from(a, (v, i) => (v - b[i]!) ** 2));
      expect(Math.abs((await loss.item()) - expected)).toBeLessThan(1e-6 * Math.max(1, expected));
    });
  });

  it('embedding gathers rows for any index shape', async () => {
    const table = randomFloats(10 * 7, 3);
    const indices = randomInts(12, 4, 0, 10);
    await engine.tidy(async () => {
      const out = engine.embedding(engine.tensor(table, [10, 7]), engine.tensor(indices, [3, 4]));
      expect(out.shape).toEqual([3, 4, 7]);
      const expected = Float64Array.from({ length: 84 }, (_, i) => table[indices[Math.floor(i / 7)]! * 7 + (i % 7)]!);
      await expectTensor(out, { shape: [3, 4, 7], data: expected }, { atol: 0 });
    });
  });

  it('dropout zeros about p of the elements, scales the rest by 1/(1-p), and is reproducible by seed', async () => {
    const n = 4096;
    await engine.tidy(async () => {
      const x = engine.ones([n]);
      const first = await engine.dropout(x, 0.25, { seed: 7 }).data();
      const again = await engine.dropout(x, 0.25, { seed: 7 }).data();
      const other = await engine.dropout(x, 0.25, { seed: 8 }).data();
      expect(Array.from(first)).toEqual(Array.from(again));
      expect(Array.from(first)).not.toEqual(Array.from(other));
      const zeros = first.filter((v) => v === 0).length;
      expect(zeros / n).toBeGreaterThan(0.22);
      expect(zeros / n).toBeLessThan(0.28);
      expect(first.every((v) => v === 0 || Math.abs(v - 1 / 0.75) < 1e-6)).toBe(true);
      expect(Array.from(await engine.dropout(x, 0.5, { training: false }).data()).every((v) => v === 1)).toBe(true);
    });
  });

  it('oneHot marks each label', async () => {
    await engine.tidy(async () => {
      const out = engine.oneHot(engine.tensor(Int32Array.from([2, 0, 1])), 3);
      expect(out.dtype).toBe('float32');
      expect(await out.toArray()).toEqual([
        [0, 0, 1],
        [1, 0, 0],
        [0, 1, 0],
      ]);
    });
  });

  it('a composed dense layer (matmul + relu) matches the reference', async () => {
    const x = randomFloats(17 * 5, 1);
    const w = randomFloats(5 * 3, 2);
    await engine.tidy(async () => {
      const out = engine.tensor(x, [17, 5]).matmul(engine.tensor(w, [5, 3])).relu();
      await expectTensor(out, refMap(refMatmul(ref([17, 5], x), ref([5, 3], w)), (v) => Math.max(v, 0)), { atol: 1e-5 });
    });
  });
});
