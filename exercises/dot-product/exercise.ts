// Manifest of the "dot-product" exercise (schema: src/exercises/schema.ts).
import type { ExerciseManifestInput } from '../../src/exercises/schema';

export default {
  id: 'dot-product',
  title: 'Partial dot products, four elements per invocation',
  kind: 'wgsl',
  difficulty: 3,
  summary: 'Each workgroup of 64 invocations computes the dot product of one 256-element block of two vectors: four multiply-adds per invocation in a register, then a tree in workgroup memory.',
  hints: [
    'Invocation `lid` of workgroup `w` handles elements `256 * w + lid`, `256 * w + lid + 64`, `256 * w + lid + 128` and `256 * w + lid + 192`. Skip any that are `>= n`.',
    'Accumulate in a local `var acc = 0.0;`, store it in `tile[lid]`, call `workgroupBarrier()`, then run the tree from block-sum (strides 32 down to 1, a barrier after each round).',
    '`for (var k = 0u; k < 4u; k++) { let i = 256u * wid.x + k * 64u + lid; if (i < n) { acc += a[i] * b[i]; } }` then `tile[lid] = acc;`.',
  ],
  kernel: {
    entryPoint: 'main',
    workgroupSize: [64, 1, 1],
    params: ['n'],
    bindings: [
      { binding: 0, name: 'a', access: 'read', type: 'f32', length: 'n' },
      { binding: 1, name: 'b', access: 'read', type: 'f32', length: 'n' },
      { binding: 2, name: 'partials', access: 'read_write', type: 'f32', length: 'ceil(n / 256)' },
    ],
    dispatch: ['ceil(n / 256)', '1', '1'],
  },
} satisfies ExerciseManifestInput;
