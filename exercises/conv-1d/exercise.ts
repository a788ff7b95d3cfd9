// Manifest of the "conv-1d" exercise (schema: src/exercises/schema.ts).
import type { ExerciseManifestInput } from '../../src/exercises/schema';

export default {
  id: 'conv-1d',
  title: 'A 1-D convolution from a tile with a halo',
  kind: 'wgsl',
  difficulty: 4,
  summary: 'Each workgroup loads its 64 elements plus two on each side (the halo) into workgroup memory once, then every invocation reads its five-element window from there.',
  hints: [
    'Slot `t` of the tile holds `x[64 * wid.x - 2 + t]`, for `t` from 0 to 67. The starter\'s `load(j)` returns `x[j]`, or 0 when `j` is outside the array, so the zero padding at the ends comes for free.',
    '68 slots, 64 invocations: let every invocation fill slot `lid`, and the first four also fill slot `64 + lid`. Then `workgroupBarrier()`, because each invocation is about to read slots that four other invocations wrote.',
    'Output element `i = gid.x` is `w[0]*tile[lid] + w[1]*tile[lid+1] + w[2]*tile[lid+2] + w[3]*tile[lid+3] + w[4]*tile[lid+4]`. Write it only if `i < n`, but do not `return` before the barrier: every invocation must reach it.',
  ],
  kernel: {
    entryPoint: 'main',
    workgroupSize: [64, 1, 1],
    params: ['n'],
    bindings: [
      { binding: 0, name: 'x', access: 'read', type: 'f32', length: 'n' },
      { binding: 1, name: 'w', access: 'read', type: 'f32', length: '5' },
      // One slot per invocation: writes past n land in padding the grader checks.
      { binding: 2, name: 'y', access: 'read_write', type: 'f32', length: 'ceil(n / 64) * 64' },
    ],
    dispatch: ['ceil(n / 64)', '1', '1'],
  },
} satisfies ExerciseManifestInput;
