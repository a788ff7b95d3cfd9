// Grader for "map-2d": the lower triangle of a width × height matrix on a 2-D
// grid of 16 × 16 workgroups. Matrices are wide, tall and square with sides
// that are not multiples of 16: a swapped row/column leaves columns unwritten
// or masks the wrong elements; a wrong row stride scrambles positions; a
// missing guard on either axis writes into the spare rows that follow the
// matrix in `out`, which must keep their poison value.
import { defineWgslGrader } from '../../src/grader/define';

const rowsOf = (w: number, h: number): number => Math.ceil(h / 16) * 16 + Math.ceil(16 / w);

export default defineWgslGrader({
  cases: [
    { name: '1 × 1', params: { w: 1, h: 1 } },
    { name: '16 × 16 (one workgroup)', params: { w: 16, h: 16 } },
    { name: 'width 20, height 7 (wide)', params: { w: 20, h: 7 } },
    { name: 'width 5, height 37 (tall)', params: { w: 5, h: 37 } },
    { name: 'width 33, height 33', params: { w: 33, h: 33 } },
    { name: 'random width 300, height 199', params: { w: 300, h: 199 }, hidden: true },
  ],
  // Values in [1, 2): never 0, so a masked element always differs from a kept one.
  inputs: ({ w, h }, rng) => ({ a: rng.float32Array(w! * h!, 1, 2), dims: Uint32Array.of(w!, h!) }),
  reference: ({ a, out }, { w, h }) => {
    const expected = Float32Array.from(out!);
    for (let r = 0; r < h!; r++) {
      for (let c = 0; c < w!; c++) expected[r * w! + c] = c <= r ? a![r * w! + c]! : 0;
    }
    return { out: expected };
  },
  shape: (_name, { w, h }) => [rowsOf(w!, h!), w!],
  // Exact: every element is a copy or a 0.
  tolerance: { atol: 0, rtol: 0 },
});
