// Manifest of the "softmax" exercise (schema: src/exercises/schema.ts).
import type { ExerciseManifestInput } from '../../src/exercises/schema';

export default {
  id: 'softmax',
  title: 'A numerically stable softmax over each row',
  kind: 'wgsl',
  difficulty: 3,
  summary: 'One workgroup per row computes softmax in three passes: the row maximum, the sum of exp(x − max), and the normalised outputs. Rows of logits near +1000 and −1000 catch the unstable version.',
  hints: [
    'Three passes over the row, each with the strided loop from row-sum: (1) the maximum m, reduced with a max-tree; (2) s = Σ exp(x − m), reduced with a sum-tree; (3) every output `exp(x − m) / s`. The first two passes need the whole workgroup\'s answer, so each ends with a tree in `scratch`.',
    'After a tree, every invocation reads the result from `scratch[0]`. Before the next pass writes its partial sums into `scratch`, all invocations must have read `scratch[0]`: put a `workgroupBarrier()` between `let rowMax = scratch[0];` and the next store into `scratch`.',
    'Without the max: exp(1000) overflows f32 (anything above about 88.7 does), giving inf / inf = NaN; exp(−1000) underflows to 0, giving 0 / 0 = NaN. With it, the largest term is exp(0) = 1, so s lies between 1 and cols.',
    'Pass 2 is `var s = 0.0; for (var c = lid; c < dims.cols; c += 64u) { s += exp(x[start + c] - rowMax); }`, then `scratch[lid] = s;`, a barrier and a sum-tree; pass 3 is `for (var c = lid; c < dims.cols; c += 64u) { out[start + c] = exp(x[start + c] - rowMax) / rowSum; }`.',
  ],
  kernel: {
    entryPoint: 'main',
    workgroupSize: [64, 1, 1],
    params: ['rows', 'cols'],
    bindings: [
      { binding: 0, name: 'x', access: 'read', type: 'f32', length: 'rows * cols' },
      // The matrix of probabilities, followed by 64 values that belong to
      // another tensor and must keep their contents: an off-by-one in the
      // last row's write loop lands there.
      { binding: 1, name: 'out', access: 'read_write', type: 'f32', length: 'rows * cols + 64' },
      // struct Dims { rows: u32, cols: u32 }
      { binding: 2, name: 'dims', access: 'uniform', type: 'u32', length: '2' },
    ],
    // One workgroup per row.
    dispatch: ['rows', '1', '1'],
  },
  // Three passes over an invocation's share of the longest row (4,096 / 64 =
  // 64 elements each): at most 192 reads. One invocation doing a row alone
  // makes three times cols.
  budgets: { maxGlobalReadsPerInvocation: 192 },
} satisfies ExerciseManifestInput;
