// Manifest of the "matmul-tiled" exercise (schema: src/exercises/schema.ts).
// Same interface as matmul-naive, so the MatmulLab demo can time both kernels
// on the same buffers: keep bindings and dispatch in step with it.
import type { ExerciseManifestInput } from '../../src/exercises/schema';

export default {
  id: 'matmul-tiled',
  title: 'Tiled matrix multiplication in workgroup memory',
  kind: 'wgsl',
  difficulty: 4,
  summary: 'Compute C = A·B again, but let each 16 × 16 workgroup load 16 × 16 tiles of A and B into workgroup memory once per step and do its multiply-adds from there.',
  hints: [
    'In step `t`, the workgroup needs columns `16t` to `16t + 15` of its 16 rows of A, and the same rows of B for its 16 columns. Invocation (tx, ty) loads one element of each: `tile_a[ty][tx] = A[row][16t + tx]` and `tile_b[ty][tx] = B[16t + ty][col]`.',
    'Guard each load and store 0 when it falls outside the matrix (`row >= dims.m`, `16t + tx >= dims.k`, ...). Do not `return` early for spare invocations: every invocation must reach every `workgroupBarrier()`. Guard only the final write to C.',
    'Two barriers per step: one after the loads (you are about to read slots that other invocations wrote) and one after the multiply-adds (the next step overwrites slots that others may still be reading).',
    'Between the barriers: `for (var i = 0u; i < TILE; i++) { sum += tile_a[ty][i] * tile_b[i][tx]; }`. After the loop over steps: `if (row < dims.m && col < dims.n) { c[row * dims.n + col] = sum; }`.',
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
    ],
    dispatch: ['ceil(n / 16)', 'ceil(m / 16)', '1'],
  },
  budgets: {
    // The point of tiling: a workgroup fetches each element of A and B from
    // storage once. The naive kernel, whose 16 invocations in a row of the
    // workgroup each fetch the same row of A, reads every element 16 times.
    maxGlobalReadsPerElementPerWorkgroup: { a: 1, b: 1 },
    maxGlobalWritesPerInvocation: 1,
  },
} satisfies ExerciseManifestInput;
