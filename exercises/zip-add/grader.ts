// Grader for "zip-add": out[i] = a[i] + b[i], on sizes around the workgroup
// size of 64 and one larger hidden case. `out` is padded to a whole number of
// workgroups; elements past n must keep their poison value, which catches a
// missing guard and a guard on the output's (padded) length.
import { defineWgslGrader } from '../../src/grader/define';

export default defineWgslGrader({
  cases: [
    { name: 'n = 1', params: { n: 1 } },
    { name: 'n = 64 (one full workgroup)', params: { n: 64 } },
    { name: 'n = 65 (one element into a second workgroup)', params: { n: 65 } },
    { name: 'n = 509 (prime)', params: { n: 509 } },
    { name: 'random n = 65,537', params: { n: 65537 }, hidden: true },
  ],
  inputs: ({ n }, rng) => ({ a: rng.float32Array(n!, -100, 100), b: rng.float32Array(n!, -100, 100) }),
  reference: ({ a, b, out }) => {
    const expected = Float32Array.from(out!);
    const bb = b as Float32Array;
    (a as Float32Array).forEach((x, i) => (expected[i] = Math.fround(x + bb[i]!)));
    return { out: expected };
  },
  // Exact: one f32 addition is correctly rounded on every conforming GPU, and
  // Math.fround of the double sum is that same f32 (double has more than
  // 2·24 + 2 significand bits, so rounding twice equals rounding once).
  tolerance: { atol: 0, rtol: 0 },
});
