// Grader for "attention": softmax(q kᵀ/√d + mask)·v against a float64
// reference. Shapes from T = d = 1 through primes to about 80 × 64, with and
// without the causal mask; a square case (T = d), where a missing transpose
// still has the right shape; d = 1, where √d = d; and scores around 280, where
// a softmax without the max subtraction overflows exp to infinity.
import { Tensor, type Engine } from '../../src/engine/index';
import { defineTsGrader } from '../../src/grader/define';
import type { Rng } from '../../src/grader/random';

type Attention = (engine: Engine, q: Tensor, k: Tensor, v: Tensor, causal: boolean) => unknown;

const UNIT_ROUNDOFF = 2 ** -24;

interface Shape {
  T: number;
  d: number;
  dv: number;
}

function pickShape(params: Readonly<Record<string, number>>, rng: Rng): Shape {
  if (params.random) return { T: rng.int(40, 80), d: rng.int(16, 64), dv: rng.int(8, 32) };
  return { T: params.T!, d: params.d!, dv: params.dv ?? params.d! };
}

export default defineTsGrader({
  cases: [
    { name: 'T = 1, d = 1', params: { T: 1, d: 1, causal: 0 } },
    { name: 'T = 1, d = 1, causal', params: { T: 1, d: 1, causal: 1 } },
    { name: 'T = 4, d = 4 (square)', params: { T: 4, d: 4, causal: 0 } },
    { name: 'T = 5, d = 3, d_v = 2, causal', params: { T: 5, d: 3, dv: 2, causal: 1 } },
    { name: 'T = 7, d = 13, d_v = 5', params: { T: 7, d: 13, dv: 5, causal: 0 } },
    { name: 'T = 13, d = 1, causal', params: { T: 13, d: 1, causal: 1 } },
    { name: 'T = 11, d = 8, scores ≈ 280 ± 5, causal', params: { T: 11, d: 8, causal: 1, large: 1 } },
    { name: 'T = 11, d = 8, scores ≈ 280 ± 5', params: { T: 11, d: 8, causal: 0, large: 1 } },
    { name: 'random shape up to T = 80, d = 64, causal', params: { random: 1, causal: 1 }, hidden: true },
    { name: 'random shape up to T = 80, d = 64', params: { random: 1, causal: 0 }, hidden: true },
  ],
  async run({ learner, engine, params, rng }) {
    const { T, d, dv } = pickShape(params, rng);
    const causal = params.causal === 1;
    let qValues: Float32Array;
    let kValues: Float32Array;
    if (params.large) {
      // Every query ≈ 100·(1, ..., 1) and every key ≈ (1, ..., 1): the
      // scores are 100·√d ≈ 283 plus a spread of about ±5, so the softmax
      // is well spread, but exp(283) is far above f32's limit (≈ 3.4e38).
      qValues = rng.normalFloat32Array(T * d, 100, 1);
      kValues = rng.normalFloat32Array(T * d, 1, 0.05);
    } else {
      qValues = rng.normalFloat32Array(T * d);
      kValues = rng.normalFloat32Array(T * d);
    }
    const vValues = rng.normalFloat32Array(T * dv);

    // Float64 reference, with an error budget per case (u = 2^-24):
    // a score is a length-d f32 dot product, off by at most
    // Es = (d + 2)·u·Σ|q_k k_k| / √d; the softmax turns an error e in the
    // scores into at most 2e of weight in total, plus (2T + 8)·u for exp and
    // the row sum; the weighted sum of the values adds T·u. So each output
    // is within max|v|·(2·Es + (3T + 8)·u) of the truth; we allow twice that.
    const expected = new Float64Array(T * dv);
    const scale = Math.sqrt(d);
    let maxScoreError = 0;
    for (let i = 0; i < T; i++) {
      const scores = new Float64Array(T);
      let rowMax = -Infinity;
      for (let j = 0; j < T; j++) {
        let dot = 0;
        let magnitude = 0;
        for (let c = 0; c < d; c++) {
          const product = qValues[i * d + c]! * kValues[j * d + c]!;
          dot += product;
          magnitude += Math.abs(product);
        }
        maxScoreError = Math.max(maxScoreError, ((d + 2) * UNIT_ROUNDOFF * magnitude) / scale);
        scores[j] = causal && j > i ? -Infinity : dot / scale;
        rowMax = Math.max(rowMax, scores[j]!);
      }
      let total = 0;
      for (let j = 0; j < T; j++) total += (scores[j] = Math.exp(scores[j]! - rowMax));
      for (let c = 0; c < dv; c++) {
        let sum = 0;
        for (let j = 0; j < T; j++) sum += (scores[j]! / total) * vValues[j * dv + c]!;
        expected[i * dv + c] = sum;
      }
    }
    const maxAbsV = vValues.reduce((m, x) => Math.max(m, Math.abs(x)), 0);
    const atol = 2 * maxAbsV * (2 * maxScoreError + (3 * T + 8) * UNIT_ROUNDOFF);

    const q = engine.tensor(qValues, [T, d]);
    const k = engine.tensor(kValues, [T, d]);
    const v = engine.tensor(vValues, [T, dv]);
    const result = await (learner as unknown as Attention)(engine, q, k, v, causal);
    if (!(result instanceof Tensor)) {
      return { passed: false, explanation: `attention must return a Tensor; it returned ${typeof result}` };
    }
    if (result.shape.length !== 2 || result.shape[0] !== T || result.shape[1] !== dv) {
      return {
        passed: false,
        explanation: `expected shape [${T}, ${dv}] (T positions × the width of v), got [${result.shape.join(', ')}]`,
      };
    }
    const got = await result.data();
    return { got, expected, shape: [T, dv], tolerance: { atol, rtol: 0 } };
  },
});
