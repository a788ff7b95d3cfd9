// Grader for "square-each": sizes around the workgroup size of 64, and random
// values with both signs (squaring must not keep the sign).
import { defineWgslGrader } from '../../src/grader/define';

export default defineWgslGrader({
  cases: [
    { name: 'n = 1', params: { n: 1 } },
    { name: 'n = 64 (one full workgroup)', params: { n: 64 } },
    { name: 'n = 65 (one element into a second workgroup)', params: { n: 65 } },
    { name: 'n = 257 (prime)', params: { n: 257 } },
    { name: 'random n = 10,007', params: { n: 10007 }, hidden: true },
  ],
  inputs: ({ n }, rng) => ({ input: rng.float32Array(n!, -10, 10) }),
  // Elements past n keep their initial contents: only invocations without a guard would change them.
  reference: ({ input, output }) => {
    const expected = Float32Array.from(output!);
    (input as Float32Array).forEach((x, i) => (expected[i] = Math.fround(x * x)));
    return { output: expected };
  },
  // One f32 multiply is correctly rounded on every conforming GPU.
  tolerance: { atol: 0, rtol: 0 },
});
