// Grader for "causal-mask": the lower triangle (diagonal included) of every
// head's T × T score matrix is kept, the rest becomes −1e30. Several heads in
// most cases, so a missing head offset leaves whole matrices unwritten; T not
// a multiple of 16, so a missing guard writes into the spare rows of `out`;
// scores are never 0 or −1e30, so any slip in the mask condition shows.
import { defineWgslGrader } from '../../src/grader/define';

/** The kernel's MASKED constant, as f32. */
const MASKED = Math.fround(-1e30);

export default defineWgslGrader({
  cases: [
    { name: '1 head, T = 1', params: { h: 1, t: 1 } },
    { name: '2 heads, T = 16 (one tile)', params: { h: 2, t: 16 } },
    { name: '3 heads, T = 17 (one row and column into the next tiles)', params: { h: 3, t: 17 } },
    { name: '5 heads, T = 5', params: { h: 5, t: 5 } },
    { name: '2 heads, T = 37 (prime)', params: { h: 2, t: 37 } },
    { name: 'random: 4 heads, T = 150', params: { h: 4, t: 150 }, hidden: true },
  ],
  // Scores in [1, 9] with a random sign: never 0, so writing 0 instead of
  // MASKED is caught, and never near MASKED.
  inputs: ({ h, t }, rng) => {
    const scores = rng.float32Array(h! * t! * t!, 1, 9);
    for (let i = 0; i < scores.length; i++) if (rng.float() < 0.5) scores[i] = -scores[i]!;
    return { scores, dims: Uint32Array.of(h!, t!) };
  },
  // The spare rows keep their initial contents: only a missing guard writes there.
  reference: ({ scores, out }, { h, t }) => {
    const expected = Float32Array.from(out!);
    for (let head = 0; head < h!; head++) {
      for (let i = 0; i < t!; i++) {
        for (let j = 0; j < t!; j++) {
          const k = head * t! * t! + i * t! + j;
          expected[k] = j <= i ? scores![k]! : MASKED;
        }
      }
    }
    return { out: expected };
  },
  // Rows: one per query position of every head, then the spare rows.
  shape: (_name, { h, t }) => [h! * t! + 16 + Math.ceil(16 / t!), t!],
  // Exact: every element is a copy or the constant.
  tolerance: { atol: 0, rtol: 0 },
});
