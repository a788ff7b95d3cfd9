// Grader for "broadcast-add": out[r][c] = x[r][c] + bias[c] on a 1-D grid.
// Shapes include one row (where bias[i] happens to be right), one column
// (where bias[0] is right for everything) and non-square matrices, so both
// axes and the broadcasting index are tested; spare rows after the matrix in
// `out` must keep their poison value, which catches a missing guard.
import { defineWgslGrader } from '../../src/grader/define';

export default defineWgslGrader({
  cases: [
    { name: '1 × 1', params: { w: 1, h: 1 } },
    { name: 'one row of 3', params: { w: 3, h: 1 } },
    { name: 'one column of 100', params: { w: 1, h: 100 } },
    { name: 'height 7, width 10', params: { w: 10, h: 7 } },
    { name: 'height 3, width 64', params: { w: 64, h: 3 } },
    { name: 'height 97, width 13 (primes)', params: { w: 13, h: 97 } },
    { name: 'random height 300, width 256', params: { w: 256, h: 300 }, hidden: true },
  ],
  inputs: ({ w, h }, rng) => ({ x: rng.float32Array(w! * h!, -10, 10), bias: rng.float32Array(w!, -1, 1) }),
  reference: ({ x, bias, out }, { w, h }) => {
    const expected = Float32Array.from(out!);
    for (let r = 0; r < h!; r++) {
      for (let c = 0; c < w!; c++) expected[r * w! + c] = Math.fround(x![r * w! + c]! + bias![c]!);
    }
    return { out: expected };
  },
  shape: (_name, { w, h }) => [h! + Math.ceil(64 / w!), w!],
  // Exact: one f32 addition per element is correctly rounded on the GPU, and
  // Math.fround of the double sum is that same f32 (double has more than
  // 2·24 + 2 significand bits, so rounding twice equals rounding once).
  tolerance: { atol: 0, rtol: 0 },
});
