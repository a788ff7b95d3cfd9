// Manifest of the "block-sum" exercise (schema: src/exercises/schema.ts).
import type { ExerciseManifestInput } from '../../src/exercises/schema';

export default {
  id: 'block-sum',
  title: 'A two-level parallel sum',
  kind: 'wgsl',
  difficulty: 3,
  summary: 'Each workgroup adds up its block of 64 numbers with a reduction tree in workgroup memory, leaving one partial sum per block.',
  hints: [
    'After the loads, `tile` holds the block. In round one, invocations 0..31 each add `tile[i + 32]` into `tile[i]`; in round two invocations 0..15 add `tile[i + 16]`; and so on down to 1.',
    'Between rounds every invocation must wait until the others have written: call `workgroupBarrier()` after each round, outside any `if` (a barrier must be reached by the whole workgroup).',
    'Loop `for (var stride = 32u; stride > 0u; stride = stride / 2u) { if (lid < stride) { tile[lid] += tile[lid + stride]; } workgroupBarrier(); }`, then let invocation 0 write `partials[wid.x] = tile[0];`.',
  ],
  kernel: {
    entryPoint: 'main',
    workgroupSize: [64, 1, 1],
    params: ['n'],
    bindings: [
      { binding: 0, name: 'input', access: 'read', type: 'f32', length: 'n' },
      { binding: 1, name: 'partials', access: 'read_write', type: 'f32', length: 'ceil(n / 64)' },
    ],
    dispatch: ['ceil(n / 64)', '1', '1'],
  },
} satisfies ExerciseManifestInput;
