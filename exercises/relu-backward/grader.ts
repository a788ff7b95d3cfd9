// Grader for "relu-backward": dx = dy where x > 0, else 0. The inputs are
// built so that each plausible mistake shows: x and dy have independent signs
// (a gate on dy's sign, or relu(dy), is wrong wherever they disagree), about
// one x in eight is exactly 0 with a nonzero dy beside it (x >= 0 is wrong
// there), dy is never equal to relu(x) (forgetting dy shows), and dx has a
// slot per invocation past n that must keep its initial contents (a missing
// guard shows whenever n is not a multiple of 64).
import { defineWgslGrader } from '../../src/grader/define';
import type { Rng } from '../../src/grader/random';

/** n values, about one in eight exactly 0 and the rest uniform in ±[0.05, 4). */
function forwardInputs(n: number, rng: Rng): Float32Array {
  const x = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    if (rng.int(0, 7) === 0) continue; // stays exactly +0
    const magnitude = rng.uniform(0.05, 4);
    x[i] = rng.int(0, 1) ? magnitude : -magnitude;
  }
  return x;
}

/** Nonzero gradients of both signs, independent of x. */
function gradients(n: number, rng: Rng): Float32Array {
  return Float32Array.from({ length: n }, () => {
    const magnitude = rng.uniform(0.1, 3);
    return rng.int(0, 1) ? magnitude : -magnitude;
  });
}

export default defineWgslGrader({
  cases: [
    { name: 'n = 8: every sign pattern, and x = 0 exactly', params: { n: 8, fixed: 1 } },
    { name: 'n = 1', params: { n: 1 } },
    { name: 'n = 64 (one full workgroup)', params: { n: 64 } },
    { name: 'n = 67 (prime, 3 elements into a second workgroup)', params: { n: 67 } },
    { name: 'n = 1,031 (prime)', params: { n: 1031 } },
    { name: 'random n = 65,537', params: { n: 65537 }, hidden: true },
  ],
  inputs: ({ n, fixed }, rng) => {
    if (fixed) {
      // x: positive, negative, zero (twice: with either sign of dy), against dy of both signs.
      return {
        x: Float32Array.of(2, 2, -1.5, -1.5, 0, 0, 0.25, -3),
        dy: Float32Array.of(0.5, -0.75, 0.5, -0.75, 1.25, -1.25, -2, 2),
        params: Uint32Array.of(n!),
      };
    }
    return { x: forwardInputs(n!, rng), dy: gradients(n!, rng), params: Uint32Array.of(n!) };
  },
  // Slots past n keep their initial contents: only an unguarded kernel changes them.
  reference: ({ x, dy, dx }, { n }) => {
    const expected = Float32Array.from(dx!);
    for (let i = 0; i < n!; i++) expected[i] = x![i]! > 0 ? dy![i]! : 0;
    return { dx: expected };
  },
  // Exact: every element is a copy of dy or the constant 0, nothing is rounded.
  tolerance: { atol: 0, rtol: 0 },
});
