// Grader for "first-map": out[i] = 2·a[i] + 1, on sizes around the workgroup
// size of 64 (one element, a full workgroup, a short last workgroup, primes)
// and one larger hidden case. `out` is padded to a whole number of workgroups
// so that a kernel without a bounds guard changes the padding and fails.
import { defineWgslGrader } from '../../src/grader/define';

export default defineWgslGrader({
  cases: [
    { name: 'n = 1', params: { n: 1 } },
    { name: 'n = 64 (one full workgroup)', params: { n: 64 } },
    { name: 'n = 100 (a short second workgroup)', params: { n: 100 } },
    { name: 'n = 257 (prime)', params: { n: 257 } },
    { name: 'random n = 40,009', params: { n: 40009 }, hidden: true },
  ],
  inputs: ({ n }, rng) => ({ a: rng.float32Array(n!, -10, 10) }),
  // Elements past n keep their initial contents: only a kernel without a guard changes them.
  reference: ({ a, out }) => {
    const expected = Float32Array.from(out!);
    (a as Float32Array).forEach((x, i) => (expected[i] = Math.fround(2 * x + 1)));
    return { out: expected };
  },
  // Exact: 2·x is exact in f32 (only the exponent changes), so 2·x + 1 is
  // rounded once, correctly, whether or not the GPU fuses it into an fma.
  // Math.fround of the double result is that same f32: double has more than
  // 2·24 + 2 significand bits, so rounding one + − × ÷ first to double, then to
  // f32, gives the correctly rounded f32 result.
  tolerance: { atol: 0, rtol: 0 },
});
