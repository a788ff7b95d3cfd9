// Grader for "matmul-bias-relu": C = ReLU(A·B + bias), bias per column.
// Inputs are symmetric around 0, so about half the sums are negative and
// ReLU matters: a missing ReLU leaves negative outputs, and ReLU applied
// before the bias turns every negative sum into bias[col] instead of
// max(sum + bias, 0). Biases are never 0, and M != N in most shapes, so a
// bias indexed by row lands on a different value (or past the end of `bias`,
// which the CPU simulator's memory check reports). The simulator also counts
// writes: a second pass over C breaks the one-write budget.
//
// Exact: the sums are exact as in matmul-naive's grader, and a bias that is a
// multiple of 1/8 no larger than 2 keeps them multiples of 1/64 below 2^12.
import { defineWgslGrader } from '../../src/grader/define';
import { dimsOf, nonzeroEighths, paddedRows, referenceMatmul } from '../../src/grader/matmul-cases';

export default defineWgslGrader({
  cases: [
    { name: '1 × 1 times 1 × 1', params: { m: 1, k: 1, n: 1 } },
    { name: 'M = 2, K = 3, N = 4', params: { m: 2, k: 3, n: 4 } },
    { name: '16 × 16 times 16 × 16 (one workgroup)', params: { m: 16, k: 16, n: 16 } },
    { name: 'K = 1: M = 20, N = 18', params: { m: 20, k: 1, n: 18 } },
    { name: 'tall: M = 37, K = 5, N = 3', params: { m: 37, k: 5, n: 3 } },
    { name: 'wide: M = 3, K = 7, N = 41', params: { m: 3, k: 7, n: 41 } },
    { name: 'primes: M = 17, K = 31, N = 23', params: { m: 17, k: 31, n: 23 } },
    { name: 'random M = 90, K = 83, N = 75', params: { m: 90, k: 83, n: 75 }, hidden: true },
  ],
  inputs: ({ m, k, n }, rng) => ({
    a: nonzeroEighths(rng, m! * k!, 2),
    b: nonzeroEighths(rng, k! * n!, 2),
    dims: dimsOf(m!, k!, n!),
    bias: nonzeroEighths(rng, n!, 2),
  }),
  reference: (buffers, { m, k, n }) => {
    const bias = buffers.bias!;
    return { c: referenceMatmul(buffers, m!, k!, n!, { epilogue: (sum, col) => Math.max(sum + bias[col]!, 0) }) };
  },
  shape: (_name, { m, n }) => [paddedRows(m!, n!), n!],
  // Exact: see the header.
  tolerance: { atol: 0, rtol: 0 },
});
