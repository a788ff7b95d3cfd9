// Grader for "amdahl-speedup": fixed fractions including the edge cases p = 0
// (no speedup) and p = 1 (S = N), and a random fraction over many counts.
import { Tensor } from '../../src/engine/index';
import { defineTsGrader } from '../../src/grader/define';

const FIXED_WORKERS = [1, 2, 4, 10, 100, 1000, 65536];

export default defineTsGrader({
  cases: [
    { name: 'p = 0.95', params: { p: 0.95 } },
    { name: 'p = 0 (nothing parallel)', params: { p: 0 } },
    { name: 'p = 1 (all parallel)', params: { p: 1 } },
    { name: 'random p, 257 worker counts', params: { p: -1, count: 257 }, hidden: true },
  ],
  async run({ learner, engine, params, rng }) {
    const p = params.p! >= 0 ? params.p! : rng.uniform(0.5, 1);
    const counts = params.count ? Array.from({ length: params.count }, () => rng.int(1, 100000)) : FIXED_WORKERS;
    const workers = engine.tensor(Float32Array.from(counts), [counts.length]);
    const result = await (learner as unknown as (e: typeof engine, p: number, w: Tensor) => unknown)(engine, p, workers);
    if (!(result instanceof Tensor)) {
      return { passed: false, explanation: `amdahlSpeedup must return a Tensor; it returned ${typeof result}` };
    }
    if (result.shape.length !== 1 || result.shape[0] !== counts.length) {
      return { passed: false, explanation: `expected a tensor of shape [${counts.length}], got [${result.shape.join(', ')}]` };
    }
    const got = await result.data();
    const pf = Math.fround(p);
    const expected = counts.map((n) => 1 / (1 - pf + pf / n));
    // A few f32 operations on values up to 1e5: relative error of a few ulps.
    return { got, expected, shape: [counts.length], tolerance: { atol: 0, rtol: 1e-5 } };
  },
});
