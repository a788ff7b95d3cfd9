// Grader for "row-max": one maximum per row, one workgroup of 64 per row.
// Every value is negative, so starting from 0 (or leaving a slot of the tree
// unwritten, which reads as 0) gives 0 instead of the maximum; rows shorter
// than 64 columns make idle invocations, which is where those bugs show.
// Rows are laid out so that wrong reads lose: row 0 holds the largest values
// of the matrix (a pad taken from x[0] beats every other row), and from row 1
// on each row's values are all above the previous row's (an unguarded read
// past the end of a row picks up a larger value from the next one).
import { defineWgslGrader } from '../../src/grader/define';

export default defineWgslGrader({
  cases: [
    { name: '1 row × 1 column', params: { rows: 1, cols: 1 } },
    { name: '3 rows × 5 columns (fewer columns than invocations)', params: { rows: 3, cols: 5 } },
    { name: '6 rows × 37 columns (prime, fewer than 64)', params: { rows: 6, cols: 37 } },
    { name: '4 rows × 64 columns (one column per invocation)', params: { rows: 4, cols: 64 } },
    { name: '5 rows × 97 columns (prime)', params: { rows: 5, cols: 97 } },
    { name: '8 rows × 200 columns (not a multiple of 64)', params: { rows: 8, cols: 200 } },
    { name: '16 rows × 1,000 columns', params: { rows: 16, cols: 1000 } },
    { name: 'random 24 rows × 3,001 columns', params: { rows: 24, cols: 3001 }, hidden: true },
  ],
  inputs: ({ rows, cols }, rng) => {
    const x = new Float32Array(rows! * cols!);
    for (let r = 0; r < rows!; r++) {
      // Row 0 in [-3.5, -0.5]; row r >= 1 in 8(r − rows) − 4 ± 1.5, so row
      // r + 1 starts above where row r ends, and the last row stays below −10.
      const centre = r === 0 ? -2 : 8 * (r - rows!) - 4;
      for (let c = 0; c < cols!; c++) x[r * cols! + c] = centre + rng.uniform(-1.5, 1.5);
    }
    return { x, dims: Uint32Array.of(rows!, cols!) };
  },
  reference: ({ x }, { rows, cols }) => {
    const out = new Float32Array(rows!);
    for (let r = 0; r < rows!; r++) {
      let best = -Infinity;
      for (let c = 0; c < cols!; c++) best = Math.max(best, x![r * cols! + c]!);
      out[r] = best;
    }
    return { out };
  },
  // max returns one of its inputs unchanged: no rounding, so any order gives
  // exactly the same result.
  tolerance: { atol: 0, rtol: 0 },
});
