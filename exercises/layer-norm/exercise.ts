// Manifest of the "layer-norm" exercise (schema: src/exercises/schema.ts).
import type { ExerciseManifestInput } from '../../src/exercises/schema';

export default {
  id: 'layer-norm',
  title: 'Layer norm: one workgroup per row',
  kind: 'wgsl',
  difficulty: 4,
  summary: 'Normalise each row of a matrix to mean 0 and variance 1, then scale and shift it: two reductions per row in workgroup memory, with the barriers in the right places.',
  hints: [
    'Write the reduction once, as a helper: `fn workgroupSum(lid: u32, value: f32) -> f32` stores `value` in `partial[lid]`, runs lesson 6\'s tree (strides 32, 16, ..., 1, a barrier after each round) and returns `partial[0]`. Call it from `main` where every invocation reaches it.',
    'Rows can be longer than the 64 invocations: each invocation first adds up columns `lid`, `lid + 64`, `lid + 128`, ... of its row in a register (`for (var c = lid; c < cols; c += 64u)`), then the helper combines the 64 partial sums. The mean is the total divided by `cols`.',
    'The helper is called twice, and the second call overwrites `partial`. Put a `workgroupBarrier()` after reading `partial[0]` (before returning), or invocation 0 may overwrite the total while others are still reading it. The second call sums `(x - mean)²`, and the variance is that total divided by `cols` (not `cols - 1`).',
    'Then `let scale = inverseSqrt(variance + EPS);` and, in the same strided loop, `out[start + c] = (x[start + c] - mean) * scale * gamma[c] + beta[c];`.',
  ],
  kernel: {
    entryPoint: 'main',
    workgroupSize: [64, 1, 1],
    params: ['rows', 'cols'],
    bindings: [
      { binding: 0, name: 'x', access: 'read', type: 'f32', length: 'rows * cols' },
      { binding: 1, name: 'gamma', access: 'read', type: 'f32', length: 'cols' },
      { binding: 2, name: 'beta', access: 'read', type: 'f32', length: 'cols' },
      // Spare rows after the matrix (at least 64 elements), which must stay
      // untouched: a loop that runs past the end of the last row writes there.
      { binding: 3, name: 'out', access: 'read_write', type: 'f32', length: '(rows + ceil(64 / cols)) * cols' },
      // struct Dims { rows: u32, cols: u32 }
      { binding: 4, name: 'dims', access: 'uniform', type: 'u32', length: '2' },
    ],
    dispatch: ['rows', '1', '1'],
  },
} satisfies ExerciseManifestInput;
