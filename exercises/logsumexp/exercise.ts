// Manifest of the "logsumexp" exercise (schema: src/exercises/schema.ts).
import type { ExerciseManifestInput } from '../../src/exercises/schema';

export default {
  id: 'logsumexp',
  title: 'Log-sum-exp in one pass',
  kind: 'wgsl',
  difficulty: 4,
  summary: 'One workgroup per row computes log Σ exp(x), stable for logits near ±1000, reading each element once: every invocation keeps a running maximum and a rescaled sum, and the tree merges those pairs.',
  hints: [
    'Keep two numbers per invocation: m, the largest value seen so far, and d = Σ exp(x − m) over the values seen so far. At the end the answer for those values is m + log(d). Start from m = the lowest f32 and d = 0 (an empty set of values).',
    'When a new value v arrives, the maximum becomes m′ = max(m, v). The old terms were scaled by exp(−m); to rescale them to m′ multiply d by exp(m − m′). So: `let mNew = max(m, v); d = d * exp(m - mNew) + exp(v - mNew); m = mNew;`. Every exponent is <= 0, so nothing overflows.',
    'Two pairs (m₁, d₁) and (m₂, d₂) for disjoint sets of values merge the same way: M = max(m₁, m₂) and D = d₁·exp(m₁ − M) + d₂·exp(m₂ − M). That is the step of the tree, applied to `tileMax` and `tileSum` together.',
    'In the tree: `let m1 = tileMax[lid]; let m2 = tileMax[lid + stride]; let top = max(m1, m2); tileSum[lid] = tileSum[lid] * exp(m1 - top) + tileSum[lid + stride] * exp(m2 - top); tileMax[lid] = top;`. Finally invocation 0 writes `tileMax[0] + log(tileSum[0])`: do not forget to add the maximum back.',
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
  budgets: {
    // One pass over memory: a workgroup reads each element of x once. A
    // two-pass kernel (max first, then the sum) reads every element twice.
    maxGlobalReadsPerElementPerWorkgroup: { x: 1 },
    // The row is shared by the 64 invocations: at most 4,096 / 64 reads each.
    maxGlobalReadsPerInvocation: 64,
  },
} satisfies ExerciseManifestInput;
