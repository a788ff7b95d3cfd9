// Grader for "matmul-naive" (test data shared with the lesson's other matmul
// exercises: src/grader/matmul-cases.ts).
//
// Shapes: 1 × 1 × 1, a single workgroup, K = 1, tall, wide and prime shapes,
// none square except where noted, so a swapped row/column index, a stride of
// the wrong dimension or a matrix read in the wrong order lands on different
// (or missing) elements. M and N that are not multiples of 16 leave spare
// invocations whose unguarded writes land in C's padding rows, which must
// keep their poison value.
//
// Values are multiples of 1/8, so every sum is exact and the comparison is
// exact (see src/grader/matmul-cases.ts).
import { defineWgslGrader } from '../../src/grader/define';
import { dimsOf, nonzeroEighths, paddedRows, referenceMatmul } from '../../src/grader/matmul-cases';

export default defineWgslGrader({
  cases: [
    { name: '1 × 1 times 1 × 1', params: { m: 1, k: 1, n: 1 } },
    { name: 'M = 2, K = 3, N = 4', params: { m: 2, k: 3, n: 4 } },
    { name: '16 × 16 times 16 × 16 (one workgroup)', params: { m: 16, k: 16, n: 16 } },
    { name: 'K = 1 (an outer product): M = 20, N = 18', params: { m: 20, k: 1, n: 18 } },
    { name: 'tall: M = 37, K = 5, N = 3', params: { m: 37, k: 5, n: 3 } },
    { name: 'wide: M = 3, K = 7, N = 41', params: { m: 3, k: 7, n: 41 } },
    { name: 'primes: M = 17, K = 31, N = 23', params: { m: 17, k: 31, n: 23 } },
    { name: 'random M = 90, K = 83, N = 75', params: { m: 90, k: 83, n: 75 }, hidden: true },
  ],
  inputs: ({ m, k, n }, rng) => ({
    a: nonzeroEighths(rng, m! * k!, 2),
    b: nonzeroEighths(rng, k! * n!, 2),
    dims: dimsOf(m!, k!, n!),
  }),
  reference: (buffers, { m, k, n }) => ({ c: referenceMatmul(buffers, m!, k!, n!) }),
  shape: (_name, { m, n }) => [paddedRows(m!, n!), n!],
  // Exact: see the header (every product and partial sum is representable).
  tolerance: { atol: 0, rtol: 0 },
});
