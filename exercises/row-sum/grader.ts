// Grader for "row-sum": one sum per row, one workgroup of 64 per row. Rows
// shorter than the workgroup, exactly 64, prime and not a multiple of 64, and
// long enough that every invocation loops. Values have magnitudes in
// [0.25, 1] with random signs, so a skipped column (no stride loop, a stride
// of the wrong size) or an extra one (`<=` in the loop, a row offset computed
// with 64 instead of cols) changes a sum by at least 0.25, far above the
// rounding tolerance.
import { defineWgslGrader } from '../../src/grader/define';

export default defineWgslGrader({
  cases: [
    { name: '1 row × 1 column', params: { rows: 1, cols: 1 } },
    { name: '3 rows × 5 columns (fewer columns than invocations)', params: { rows: 3, cols: 5 } },
    { name: '4 rows × 64 columns (one column per invocation)', params: { rows: 4, cols: 64 } },
    { name: '5 rows × 97 columns (prime)', params: { rows: 5, cols: 97 } },
    { name: '8 rows × 200 columns (not a multiple of 64)', params: { rows: 8, cols: 200 } },
    { name: '16 rows × 1,000 columns', params: { rows: 16, cols: 1000 } },
    { name: 'random 24 rows × 3,001 columns', params: { rows: 24, cols: 3001 }, hidden: true },
  ],
  inputs: ({ rows, cols }, rng) => ({
    x: Float32Array.from(rng.float32Array(rows! * cols!, 0.25, 1), (v) => (rng.int(0, 1) ? v : -v)),
    dims: Uint32Array.of(rows!, cols!),
  }),
  reference: ({ x }, { rows, cols }) => {
    const out = new Float32Array(rows!);
    for (let r = 0; r < rows!; r++) {
      let sum = 0; // float64: exact enough to be the true sum for this purpose
      for (let c = 0; c < cols!; c++) sum += x![r * cols! + c]!;
      out[r] = sum;
    }
    return { out };
  },
  // f32 addition is not associative, so the GPU's order of additions gives a
  // slightly different sum than the CPU's. The kernel the prompt asks for adds
  // k = ceil(cols / 64) values in a chain per invocation, then 6 tree rounds:
  // every value passes through at most k − 1 + 6 roundings, each off by at most
  // 2^-24 relative, so the error is at most (k + 5) · 2^-24 · Σ|x| with
  // Σ|x| <= cols. (At 4,096 columns that is 0.017, still below the 0.25 that a
  // missing element costs.)
  tolerance: ({ cols }) => ({ atol: (Math.ceil(cols! / 64) + 5) * 2 ** -24 * cols!, rtol: 0 }),
});
