// Grader for "matmul-tiled": the result of matmul-naive, with shapes aimed at
// the tiles. K = 1 and K = 16 take one step along K; K = 40 and the prime
// K = 37 take three, the last one partial, so a tile slot that is not
// zero-filled keeps a stale value from the step before and corrupts the sum.
// M and N that are not multiples of 16 leave partial tiles of C, where spare
// invocations must still load zeros and reach the barriers, and C's padding
// rows catch an unguarded write. The largest visible cases (at most 16
// workgroups) are also run on the CPU simulator, which fails races (a missing
// barrier), out-of-bounds reads (an unguarded load) and the manifest's budget
// of one storage read per element of A and B per workgroup (the naive kernel).
// Values and exactness: see matmul-naive's grader.
import { defineWgslGrader } from '../../src/grader/define';
import { dimsOf, nonzeroEighths, paddedRows, referenceMatmul } from '../../src/grader/matmul-cases';

export default defineWgslGrader({
  cases: [
    { name: '1 × 1 times 1 × 1', params: { m: 1, k: 1, n: 1 } },
    { name: '16 × 16 times 16 × 16 (one tile, one step)', params: { m: 16, k: 16, n: 16 } },
    { name: 'K = 1: M = 20, N = 18', params: { m: 20, k: 1, n: 18 } },
    { name: 'wide: M = 5, K = 50, N = 70', params: { m: 5, k: 50, n: 70 } },
    { name: 'K prime: M = 17, K = 37, N = 30', params: { m: 17, k: 37, n: 30 } },
    { name: 'no side a multiple of 16: M = 33, K = 40, N = 21', params: { m: 33, k: 40, n: 21 } },
    { name: 'random M = 90, K = 83, N = 75', params: { m: 90, k: 83, n: 75 }, hidden: true },
  ],
  inputs: ({ m, k, n }, rng) => ({
    a: nonzeroEighths(rng, m! * k!, 2),
    b: nonzeroEighths(rng, k! * n!, 2),
    dims: dimsOf(m!, k!, n!),
  }),
  reference: (buffers, { m, k, n }) => ({ c: referenceMatmul(buffers, m!, k!, n!) }),
  shape: (_name, { m, n }) => [paddedRows(m!, n!), n!],
  // Exact, as in matmul-naive: the zeros of partial tiles add exactly nothing.
  tolerance: { atol: 0, rtol: 0 },
});
