// Manifest of the "matmul-bias-relu" exercise (schema: src/exercises/schema.ts).
import type { ExerciseManifestInput } from '../../src/exercises/schema';

export default {
  id: 'matmul-bias-relu',
  title: 'A fused dense layer: C = ReLU(A·B + bias)',
  kind: 'wgsl',
  difficulty: 3,
  summary: 'Compute a whole dense layer in one kernel: the matrix product, plus one bias per column, through ReLU, applied before the single write of each element of C.',
  hints: [
    'Start from your matrix multiplication: the dot product for (row, col) ends up in a register, `sum`. The epilogue works on that register, before anything is written.',
    'Column `col` of C belongs to output neuron `col`, so its bias is `bias[col]`, the same for every row (every example of the batch).',
    'Add the bias first, then clip: ReLU(x) = max(x, 0) must see the biased value. `c[row * dims.n + col] = max(sum + bias[col], 0.0);`',
  ],
  kernel: {
    entryPoint: 'main',
    workgroupSize: [16, 16, 1],
    params: ['m', 'k', 'n'],
    bindings: [
      { binding: 0, name: 'a', access: 'read', type: 'f32', length: 'm * k' },
      { binding: 1, name: 'b', access: 'read', type: 'f32', length: 'k * n' },
      // C, then spare rows that must keep their initial contents (see matmul-naive).
      { binding: 2, name: 'c', access: 'read_write', type: 'f32', length: '(ceil(m / 16) * 16 + ceil(16 / n)) * n' },
      // struct Dims { m: u32, k: u32, n: u32 }
      { binding: 3, name: 'dims', access: 'uniform', type: 'u32', length: '3' },
      // One bias per column of C (per output neuron).
      { binding: 4, name: 'bias', access: 'read', type: 'f32', length: 'n' },
    ],
    dispatch: ['ceil(n / 16)', 'ceil(m / 16)', '1'],
  },
  // Fused means one write: a kernel that stores A·B and then reads it back
  // to add the bias and clip makes the extra pass the exercise is about saving.
  budgets: { maxGlobalWritesPerInvocation: 1 },
} satisfies ExerciseManifestInput;
