// Manifest of the "matmul-naive" exercise (schema: src/exercises/schema.ts).
// The kernel interface is shared with matmul-tiled and reused by the MatmulLab
// demo, which times the learner's kernel: keep bindings and dispatch in step.
import type { ExerciseManifestInput } from '../../src/exercises/schema';

export default {
  id: 'matmul-naive',
  title: 'Matrix multiplication, one invocation per output',
  kind: 'wgsl',
  difficulty: 2,
  summary: 'Compute C = A·B for row-major f32 matrices: each invocation of a 16 × 16 grid owns one element of C and computes its K-long dot product.',
  hints: [
    'Invocation (col, row) computes C[row][col], the dot product of row `row` of A with column `col` of B. Element (r, c) of a row-major matrix with w columns is at `r * w + c`; A has `dims.k` columns, B and C have `dims.n`.',
    'Step `i` of the dot product multiplies A[row][i] by B[i][col]. Along the loop, A is walked along a row (stride 1) and B down a column (stride `dims.n`).',
    'The grid is rounded up to whole 16 × 16 workgroups, so guard both axes: `if (row >= dims.m || col >= dims.n) { return; }`. Accumulate in a local `var sum = 0.0;` and write C once at the end.',
    '`for (var i = 0u; i < dims.k; i++) { sum += a[row * dims.k + i] * b[i * dims.n + col]; }` then `c[row * dims.n + col] = sum;`.',
  ],
  kernel: {
    entryPoint: 'main',
    workgroupSize: [16, 16, 1],
    params: ['m', 'k', 'n'],
    bindings: [
      { binding: 0, name: 'a', access: 'read', type: 'f32', length: 'm * k' },
      { binding: 1, name: 'b', access: 'read', type: 'f32', length: 'k * n' },
      // C, then spare rows that must keep their initial contents: enough to
      // catch every write an unguarded invocation of the rounded-up grid makes
      // (fewer than 16 extra rows and 16 extra columns).
      { binding: 2, name: 'c', access: 'read_write', type: 'f32', length: '(ceil(m / 16) * 16 + ceil(16 / n)) * n' },
      // struct Dims { m: u32, k: u32, n: u32 }
      { binding: 3, name: 'dims', access: 'uniform', type: 'u32', length: '3' },
    ],
    dispatch: ['ceil(n / 16)', 'ceil(m / 16)', '1'],
  },
  // One write per invocation: the dot product belongs in a register, not in C.
  budgets: { maxGlobalWritesPerInvocation: 1 },
  threadGrid: { params: { m: 20, k: 3, n: 24 }, data: { width: 'n', height: 'm' }, noun: 'element of C' },
} satisfies ExerciseManifestInput;
