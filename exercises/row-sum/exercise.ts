// Manifest of the "row-sum" exercise (schema: src/exercises/schema.ts).
import type { ExerciseManifestInput } from '../../src/exercises/schema';

export default {
  id: 'row-sum',
  title: 'The sum of each row',
  kind: 'wgsl',
  difficulty: 2,
  summary: 'One workgroup of 64 invocations per row of a matrix: each invocation adds up every 64th element of the row, then a reduction tree combines the 64 partial sums.',
  hints: [
    'The row handled by this workgroup is `wid.x`, and in a row-major matrix it starts at index `wid.x * dims.cols`. A row can be much longer than 64, so each invocation must visit more than one element.',
    'Use lesson 6\'s block-stride idea inside the row: invocation `lid` takes columns `lid`, `lid + 64`, `lid + 128`, … while they are below `dims.cols`. At each step the 64 invocations read 64 neighbouring elements.',
    '`var sum = 0.0; for (var c = lid; c < dims.cols; c += 64u) { sum += x[start + c]; }` — the loop condition is also the bounds guard, and an invocation with no column left keeps 0, the identity of +. The tree below it is already written.',
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
  // The row must be shared: an invocation may read at most 64 elements of x,
  // which is exactly its share of the longest row (4,096 columns). A kernel in
  // which one invocation walks the whole row fails this on the simulator.
  budgets: { maxGlobalReadsPerInvocation: 64 },
} satisfies ExerciseManifestInput;
