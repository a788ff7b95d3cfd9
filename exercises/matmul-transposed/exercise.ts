// Manifest of the "matmul-transposed" exercise (schema: src/exercises/schema.ts).
import type { ExerciseManifestInput } from '../../src/exercises/schema';

export default {
  id: 'matmul-transposed',
  title: 'Multiplying by a transposed matrix: C = A·Bᵀ',
  kind: 'wgsl',
  difficulty: 3,
  summary: 'Compute C = A·Bᵀ when B is stored as an N × K row-major matrix, as attention stores its keys: same grid and dims as before, a different index formula.',
  hints: [
    'Bᵀ is K × N, and its element (i, c) is element (c, i) of B. So C[row][col] is the sum over i of A[row][i] · B[col][i]: the dot product of row `row` of A with row `col` of B.',
    'B is N × K row-major, so a row of B is K long: B[col][i] is `b[col * dims.k + i]`, not `b[i * dims.n + col]`.',
    'The rest is the naive kernel: guard `row < dims.m && col < dims.n`, accumulate `sum += a[row * dims.k + i] * b[col * dims.k + i];` over i < dims.k, write `c[row * dims.n + col]` once.',
  ],
  kernel: {
    entryPoint: 'main',
    workgroupSize: [16, 16, 1],
    params: ['m', 'k', 'n'],
    bindings: [
      { binding: 0, name: 'a', access: 'read', type: 'f32', length: 'm * k' },
      // B itself is N × K: the kernel multiplies by its transpose.
      { binding: 1, name: 'b', access: 'read', type: 'f32', length: 'n * k' },
      // C, then spare rows that must keep their initial contents (see matmul-naive).
      { binding: 2, name: 'c', access: 'read_write', type: 'f32', length: '(ceil(m / 16) * 16 + ceil(16 / n)) * n' },
      // struct Dims { m: u32, k: u32, n: u32 }
      { binding: 3, name: 'dims', access: 'uniform', type: 'u32', length: '3' },
    ],
    dispatch: ['ceil(n / 16)', 'ceil(m / 16)', '1'],
  },
  budgets: { maxGlobalWritesPerInvocation: 1 },
} satisfies ExerciseManifestInput;
