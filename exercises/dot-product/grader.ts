// Grader for "dot-product": one partial dot product per block of 256, for
// sizes that leave a short last block (missing guard: an out-of-bounds read
// returns some element of the buffer, usually the last, and is added in).
import { defineWgslGrader } from '../../src/grader/define';
import type { Rng } from '../../src/grader/random';

/** n multiples of 1/16 in [-1, 1]: products and their block sums are exact in f32. */
function sixteenths(rng: Rng, n: number): Float32Array {
  return Float32Array.from(rng.int32Array(n, -16, 16), (k) => k / 16);
}

export default defineWgslGrader({
  cases: [
    { name: 'n = 1', params: { n: 1 } },
    { name: 'n = 256 (one full block)', params: { n: 256 } },
    { name: 'n = 300 (a short second block)', params: { n: 300 } },
    { name: 'n = 4,099 (prime)', params: { n: 4099 } },
    { name: 'random n = 100,003', params: { n: 100003 }, hidden: true },
  ],
  inputs: ({ n }, rng) => {
    const a = sixteenths(rng, n!);
    const b = sixteenths(rng, n!);
    // The last products are nonzero, so a kernel that reads past the end
    // (and gets the last element back) always changes the last partial.
    a[n! - 1] = 0.5;
    b[n! - 1] = -0.75;
    return { a, b };
  },
  reference: ({ a, b }) => {
    const x = a as Float32Array;
    const y = b as Float32Array;
    const partials = new Float32Array(Math.ceil(x.length / 256));
    for (let w = 0; w < partials.length; w++) {
      let sum = 0;
      for (let i = w * 256; i < Math.min(x.length, (w + 1) * 256); i++) sum += x[i]! * y[i]!;
      partials[w] = sum;
    }
    return { partials };
  },
  // Exact: each product k·l/256 with |k|, |l| <= 16 and each partial sum of at
  // most 256 of them are multiples of 1/256 below 2^8 in size, representable
  // in 17 bits, so no f32 operation rounds, in any order (even with fma).
  tolerance: { atol: 0, rtol: 0 },
});
