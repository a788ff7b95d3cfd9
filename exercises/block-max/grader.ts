// Grader for "block-max": one maximum per block of 64. The all-negative cases
// catch padding with 0; sizes that leave a short last block catch a missing
// pad; random data puts the maximum anywhere in the block, so a tree that
// skips part of it fails.
import { defineWgslGrader } from '../../src/grader/define';

export default defineWgslGrader({
  cases: [
    { name: 'n = 1 (one negative value)', params: { n: 1 } },
    { name: 'n = 64 (one full block)', params: { n: 64 } },
    { name: 'n = 100 (a short second block)', params: { n: 100 } },
    { name: 'n = 200, sorted from largest to smallest', params: { n: 200 } },
    { name: 'n = 1,031 (prime), all negative', params: { n: 1031 } },
    { name: 'random n = 65,521 (prime), all negative', params: { n: 65521 }, hidden: true },
  ],
  inputs: ({ n }, rng) => {
    // Some cases are all negative: a short block padded with 0 then reports 0
    // instead of its maximum.
    const allNegative = n! === 1 || n! === 1031 || n! === 65521;
    const input = allNegative ? rng.float32Array(n!, -100, -0.5) : rng.float32Array(n!, -100, 100);
    // Sorted descending, each block's maximum is its first element, and a pad
    // taken from anywhere before the block (e.g. input[0]) is too large.
    if (n! === 200) input.sort().reverse();
    return { input };
  },
  reference: ({ input }) => {
    const data = input as Float32Array;
    const maxima = new Float32Array(Math.ceil(data.length / 64));
    for (let b = 0; b < maxima.length; b++) {
      let best = -Infinity;
      for (let i = b * 64; i < Math.min(data.length, (b + 1) * 64); i++) best = Math.max(best, data[i]!);
      maxima[b] = best;
    }
    return { maxima };
  },
  // max picks one of its inputs: no rounding, so the result is exact in any order.
  tolerance: { atol: 0, rtol: 0 },
});
