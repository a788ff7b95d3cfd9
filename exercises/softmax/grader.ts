// Grader for "softmax": one workgroup of 64 per row, rows of 1 to 1,000
// columns (3,001 hidden). Each row gets one of five kinds of logits, by row
// number, so every case with three or more rows has rows near +1000 and
// −1000, where exp overflows to inf or underflows to 0 without the max
// subtraction and the output becomes NaN (inf/inf, 0/0). A max that starts at
// 0 instead of the lowest f32 fails the −1000 rows the same way. Normalising
// by an invocation's own partial sum makes outputs too large in every row of
// two or more columns (with one column per invocation, each output becomes 1).
// `out` ends with 64 values that must keep their initial contents: a write
// loop running to `c <= cols` reaches them from the last row. The missing
// barrier between the max and the sum passes is a data race that the CPU
// simulator reports even when the GPU gets lucky.
import { defineWgslGrader } from '../../src/grader/define';

/** Logits for row r: the kind cycles through the five so that small cases see them all. */
function fillRow(row: Float32Array, r: number, rng: { uniform(lo: number, hi: number): number }): void {
  const kind = r % 5;
  const constant = rng.uniform(-3, 3);
  for (let c = 0; c < row.length; c++) {
    row[c] =
      kind === 0 ? rng.uniform(-5, 5) // ordinary scores
      : kind === 1 ? 1000 + rng.uniform(0, 10) // exp overflows f32 above ~88.7
      : kind === 2 ? -1000 + rng.uniform(0, 10) // exp underflows to 0
      : kind === 3 ? rng.uniform(-70, 10) // a wide spread: tiny but nonzero probabilities
      : constant; // all equal: every probability is 1/cols
  }
}

export default defineWgslGrader({
  cases: [
    { name: '1 row × 1 column', params: { rows: 1, cols: 1 } },
    { name: '5 rows × 5 columns (fewer columns than invocations)', params: { rows: 5, cols: 5 } },
    { name: '5 rows × 37 columns (prime, fewer than 64)', params: { rows: 5, cols: 37 } },
    { name: '5 rows × 64 columns (one column per invocation)', params: { rows: 5, cols: 64 } },
    { name: '5 rows × 97 columns (prime)', params: { rows: 5, cols: 97 } },
    { name: '10 rows × 200 columns (not a multiple of 64)', params: { rows: 10, cols: 200 } },
    { name: '15 rows × 1,000 columns', params: { rows: 15, cols: 1000 } },
    { name: 'random 20 rows × 3,001 columns', params: { rows: 20, cols: 3001 }, hidden: true },
  ],
  inputs: ({ rows, cols }, rng) => {
    const x = new Float32Array(rows! * cols!);
    for (let r = 0; r < rows!; r++) fillRow(x.subarray(r * cols!, (r + 1) * cols!), r, rng);
    return { x, dims: Uint32Array.of(rows!, cols!) };
  },
  // Computed in float64, where exp(x − m) is as stable as on the GPU and far
  // more accurate, then rounded to f32. The 64 values after the matrix keep
  // their initial (poison) contents.
  reference: ({ x, out }, { rows, cols }) => {
    const expected = Float32Array.from(out!);
    for (let r = 0; r < rows!; r++) {
      const row = x!.subarray(r * cols!, (r + 1) * cols!);
      let m = -Infinity;
      for (const v of row) m = Math.max(m, v);
      let s = 0;
      for (const v of row) s += Math.exp(v - m);
      for (let c = 0; c < cols!; c++) expected[r * cols! + c] = Math.exp(row[c]! - m) / s;
    }
    return { out: expected };
  },
  // Relative, because probabilities range from 1 down to about 1e-36 here.
  // WGSL allows exp an error of 3 + 2|x| ulp: for exponents down to −80 that is
  // 163 ulp, about 2e-5 relative. The sum of at most 4,096 positive terms
  // (at most 63 + 6 roundings per term) adds under 5e-6, the division 2.5 ulp.
  // 1e-4 leaves a margin of about 4. The tiny atol only lets results below the
  // smallest normal f32 (1.2e-38), which a GPU may flush to zero, pass.
  tolerance: { atol: 1e-37, rtol: 1e-4 },
});
