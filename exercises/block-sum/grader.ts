// Grader for "block-sum": partial sums per block of 64, for sizes that leave
// a short last block, with random values (the sum is checked in float64 with
// a tolerance for f32 rounding in any order of additions).
import { defineWgslGrader } from '../../src/grader/define';

export default defineWgslGrader({
  cases: [
    { name: 'n = 1', params: { n: 1 } },
    { name: 'n = 64 (one full block)', params: { n: 64 } },
    { name: 'n = 100 (a short second block)', params: { n: 100 } },
    { name: 'n = 1,031 (prime)', params: { n: 1031 } },
    { name: 'random n = 65,536', params: { n: 65536 }, hidden: true },
  ],
  inputs: ({ n }, rng) => ({ input: rng.float32Array(n!, -1, 1) }),
  reference: ({ input }) => {
    const data = input as Float32Array;
    const partials = new Float32Array(Math.ceil(data.length / 64));
    for (let b = 0; b < partials.length; b++) {
      let sum = 0;
      for (let i = b * 64; i < Math.min(data.length, (b + 1) * 64); i++) sum += data[i]!;
      partials[b] = sum;
    }
    return { partials };
  },
  // 64 values in [-1, 1] summed in f32 in any order: error below 64 · 2^-24 · 64 ≈ 2.4e-4 in the worst case.
  tolerance: { atol: 2.5e-4, rtol: 1e-6 },
});
