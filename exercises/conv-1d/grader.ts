// Grader for "conv-1d": five-tap convolution with zero padding. Sizes put
// block edges inside the data (64, 65, 130, 1,031), so a tile without its
// halo, or with the halo from the wrong place, gives wrong outputs next to
// every edge; the ends check the zero padding; the padded output catches a
// missing guard. Nonzero, asymmetric weights make every tap matter and catch
// a flipped filter.
import { defineWgslGrader } from '../../src/grader/define';
import type { Rng } from '../../src/grader/random';

/** Multiples of 1/16 in [-lo, lo] with no zeros. */
function nonzeroSixteenths(rng: Rng, n: number, lo: number): Float32Array {
  return Float32Array.from({ length: n }, () => (rng.int(1, 16 * lo) * (rng.int(0, 1) === 0 ? -1 : 1)) / 16);
}

export default defineWgslGrader({
  cases: [
    { name: 'n = 1', params: { n: 1 } },
    { name: 'n = 5', params: { n: 5 } },
    { name: 'n = 64 (one full block)', params: { n: 64 } },
    { name: 'n = 65 (one element in a second block)', params: { n: 65 } },
    { name: 'n = 130', params: { n: 130 } },
    { name: 'n = 1,031 (prime)', params: { n: 1031 } },
    { name: 'random n = 40,009', params: { n: 40009 }, hidden: true },
  ],
  inputs: ({ n }, rng) => {
    const x = nonzeroSixteenths(rng, n!, 4);
    const w = nonzeroSixteenths(rng, 5, 1);
    // Asymmetric, so that a flipped filter gives different outputs.
    if (w[0] === w[4]) w[4] = -w[4]!;
    return { x, w };
  },
  // y[i] = sum_k w[k] x[i+k-2], zero outside [0, n); slots past n keep their initial contents.
  reference: ({ x, w, y }) => {
    const input = x as Float32Array;
    const weights = w as Float32Array;
    const n = input.length;
    const expected = Float32Array.from(y!);
    for (let i = 0; i < n; i++) {
      let sum = 0;
      for (let k = 0; k < 5; k++) {
        const j = i + k - 2;
        if (j >= 0 && j < n) sum += weights[k]! * input[j]!;
      }
      expected[i] = sum;
    }
    return { y: expected };
  },
  // Exact: products are multiples of 1/256 no larger than 4 in size, and a sum
  // of five of them is at most 20 = 5,120/256, so every intermediate value
  // fits in 13 significant bits of an f32's 24: no operation rounds, in any
  // order, fused (fma) or not.
  tolerance: { atol: 0, rtol: 0 },
});
