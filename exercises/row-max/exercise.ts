// Manifest of the "row-max" exercise (schema: src/exercises/schema.ts).
import type { ExerciseManifestInput } from '../../src/exercises/schema';

export default {
  id: 'row-max',
  title: 'The largest value in each row',
  kind: 'wgsl',
  difficulty: 2,
  summary: 'One workgroup per row finds the row\'s maximum: a strided loop keeps a running maximum per invocation, then a max-tree combines the 64 of them. Every value is negative.',
  hints: [
    'This is row-sum with `max` in place of `+`. What changes is the starting value: an invocation that has no column (rows shorter than 64) still puts a value into the tree, and that value must never win. In this exercise every input is negative, so 0 would win.',
    'WGSL has no literal for −∞, but the most negative finite f32, `-3.4028234663852886e38`, does the same job: every input is at least as large. (Write it in full: `-3.4028235e38` rounds to a number just beyond the f32 range and does not compile. The row\'s first element `x[start]` also works, because the maximum already includes it.)',
    'Start with `var best = -3.4028234663852886e38;`, loop `for (var c = lid; c < dims.cols; c += 64u) { best = max(best, x[start + c]); }`, store `tile[lid] = best;` in every invocation, barrier, then the tree: `for (var stride = 32u; stride > 0u; stride = stride / 2u) { if (lid < stride) { tile[lid] = max(tile[lid], tile[lid + stride]); } workgroupBarrier(); }`.',
  ],
  kernel: {
    entryPoint: 'main',
    workgroupSize: [64, 1, 1],
    params: ['rows', 'cols'],
    bindings: [
      { binding: 0, name: 'x', access: 'read', type: 'f32', length: 'rows * cols' },
      { binding: 1, name: 'out', access: 'read_write', type: 'f32', length: 'rows' },
      // struct Dims { rows: u32, cols: u32 }
      { binding: 2, name: 'dims', access: 'uniform', type: 'u32', length: '2' },
    ],
    // One workgroup per row.
    dispatch: ['rows', '1', '1'],
  },
  // Each invocation reads at most its share of the longest row (4,096 / 64).
  budgets: { maxGlobalReadsPerInvocation: 64 },
} satisfies ExerciseManifestInput;
