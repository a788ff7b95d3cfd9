// Manifest of the "block-max" exercise (schema: src/exercises/schema.ts).
import type { ExerciseManifestInput } from '../../src/exercises/schema';

export default {
  id: 'block-max',
  title: 'The largest value in each block',
  kind: 'wgsl',
  difficulty: 2,
  summary: 'Each workgroup finds the maximum of its block of 64 numbers with a reduction tree in workgroup memory, padding the short last block with a value that cannot win.',
  hints: [
    'The tree is the one from block-sum with `max` in place of `+`. The new question is the padding: which value can stand in for a missing element without changing the maximum? Zero cannot: the block might be all negative.',
    'Every workgroup has at least one real element, its first one, at index `64 * wid.x`. Any real element of the block is a safe pad, because the maximum already includes it. (The most negative finite f32 also works, written in full as `-3.4028234663852886e38`: the short form `-3.4028235e38` rounds to just beyond the f32 range and does not compile.)',
    'Load with `var value = input[64u * wid.x]; if (gid.x < n) { value = input[gid.x]; } tile[lid] = value;` (an `if`, not `select`, which would still read past the end), then `for (var stride = 32u; stride > 0u; stride /= 2u) { if (lid < stride) { tile[lid] = max(tile[lid], tile[lid + stride]); } workgroupBarrier(); }`.',
  ],
  kernel: {
    entryPoint: 'main',
    workgroupSize: [64, 1, 1],
    params: ['n'],
    bindings: [
      { binding: 0, name: 'input', access: 'read', type: 'f32', length: 'n' },
      { binding: 1, name: 'maxima', access: 'read_write', type: 'f32', length: 'ceil(n / 64)' },
    ],
    dispatch: ['ceil(n / 64)', '1', '1'],
  },
} satisfies ExerciseManifestInput;
