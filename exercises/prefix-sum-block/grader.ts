// Grader for "prefix-sum-block": inclusive scan restarting at every block of
// 256. n = 300 and 1,031 exercise the later steps (offsets 64 and 128 matter
// only for slots 64 and up) and short last blocks; the padded output catches
// writes past n.
import { defineWgslGrader } from '../../src/grader/define';

export default defineWgslGrader({
  cases: [
    { name: 'n = 1', params: { n: 1 } },
    { name: 'n = 256 (one full block)', params: { n: 256 } },
    { name: 'n = 300 (a short second block)', params: { n: 300 } },
    { name: 'n = 1,031 (prime)', params: { n: 1031 } },
    { name: 'random n = 10,007', params: { n: 10007 }, hidden: true },
  ],
  // Whole numbers in [-9, 9], none zero, so that every missed or doubled term shows.
  inputs: ({ n }, rng) => ({
    input: Float32Array.from(rng.int32Array(n!, 1, 9), (k) => (rng.int(0, 1) === 0 ? -k : k)),
  }),
  // Running totals restart at multiples of 256; slots past n keep their initial contents.
  reference: ({ input, output }) => {
    const data = input as Float32Array;
    const expected = Float32Array.from(output!);
    let total = 0;
    for (let i = 0; i < data.length; i++) {
      if (i % 256 === 0) total = 0;
      total += data[i]!;
      expected[i] = total;
    }
    return { output: expected };
  },
  // Exact: every partial sum is a whole number of size at most 256 · 9 = 2,304,
  // far below 2^24, so no f32 addition rounds, in any order.
  tolerance: { atol: 0, rtol: 0 },
});
