// Grader for "logsumexp": log Σ exp(x) per row, one workgroup of 64 per row,
// reading x once. Each row gets one of five kinds of logits, by row number:
// near +1000 (exp overflows: the unstable sum is inf), near −1000 (exp
// underflows: the unstable sum is 0 and its log −inf; a maximum that starts
// at 0 instead of the lowest f32 fails the same way), spread over [−70, 10],
// sorted increasing (the running maximum changes at every element, so an
// update that forgets to rescale d fails), and ordinary values in [−5, 5].
// Every kind has a maximum far from 0, so forgetting to add the maximum back
// fails everywhere. A two-pass kernel gets the values right but reads every
// element twice, which the CPU simulator's budget rejects.
import { defineWgslGrader } from '../../src/grader/define';

function fillRow(row: Float32Array, r: number, rng: { uniform(lo: number, hi: number): number }): void {
  const kind = r % 5;
  for (let c = 0; c < row.length; c++) {
    row[c] =
      kind === 0 ? rng.uniform(-5, 5)
      : kind === 1 ? 1000 + rng.uniform(0, 10)
      : kind === 2 ? -1000 + rng.uniform(0, 10)
      : kind === 3 ? rng.uniform(-70, 10)
      : rng.uniform(-20, 20);
  }
  if (kind === 4) row.sort();
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
  // float64, stable form, rounded to f32.
  reference: ({ x }, { rows, cols }) => {
    const out = new Float32Array(rows!);
    for (let r = 0; r < rows!; r++) {
      const row = x!.subarray(r * cols!, (r + 1) * cols!);
      let m = -Infinity;
      for (const v of row) m = Math.max(m, v);
      let s = 0;
      for (const v of row) s += Math.exp(v - m);
      out[r] = m + Math.log(s);
    }
    return { out };
  },
  // The answer is M + log(D) with D in [1, cols]. Near 1,000 an f32 is spaced
  // 2^-14 ≈ 6.1e-5 apart, so the GPU's final addition and the reference's
  // rounding to f32 cost up to 3.1e-5 each. D carries a relative error of
  // order 1e-5 (exp may be off by 3 + 2|x| ulp, about 2e-5 at |x| = 80, but
  // terms that far below the maximum weigh little in D; the sums add about
  // 69 ulp at 4,096 columns), which log turns into an absolute error of the
  // same order; log itself adds at most 3 ulp of a value below 9.
  // atol 1e-4 covers these; rtol 2e-6 adds 2e-3 at 1,000 for margin.
  tolerance: { atol: 1e-4, rtol: 2e-6 },
});
