// Grader for "matmul-transposed": C = A·Bᵀ with B stored N × K row-major.
// Every shape but the 1 × 1 and the single tile has N != K, so reading B as
// if it were K × N (b[i * n + col]) or with the strides mixed up
// (b[col * n + i]) picks the wrong elements, and where N > K runs past the
// end of B, which the CPU simulator's memory check reports. Values and
// exactness: see matmul-naive's grader.
import { defineWgslGrader } from '../../src/grader/define';
import { dimsOf, nonzeroEighths, paddedRows, referenceMatmul } from '../../src/grader/matmul-cases';

export default defineWgslGrader({
  cases: [
    { name: '1 × 1 times (1 × 1)ᵀ', params: { m: 1, k: 1, n: 1 } },
    { name: 'M = 2, K = 3, N = 4', params: { m: 2, k: 3, n: 4 } },
    { name: '16 × 16 times (16 × 16)ᵀ (one workgroup)', params: { m: 16, k: 16, n: 16 } },
    { name: 'tall: M = 37, K = 5, N = 3', params: { m: 37, k: 5, n: 3 } },
    { name: 'wide: M = 3, K = 7, N = 41', params: { m: 3, k: 7, n: 41 } },
    { name: 'primes: M = 17, K = 31, N = 23', params: { m: 17, k: 31, n: 23 } },
    { name: 'random M = 90, K = 83, N = 75', params: { m: 90, k: 83, n: 75 }, hidden: true },
  ],
  inputs: ({ m, k, n }, rng) => ({
    a: nonzeroEighths(rng, m! * k!, 2),
    b: nonzeroEighths(rng, n! * k!, 2),
    dims: dimsOf(m!, k!, n!),
  }),
  reference: (buffers, { m, k, n }) => ({ c: referenceMatmul(buffers, m!, k!, n!, { transposed: true }) }),
  shape: (_name, { m, n }) => [paddedRows(m!, n!), n!],
  // Exact: see matmul-naive's grader.
  tolerance: { atol: 0, rtol: 0 },
});
