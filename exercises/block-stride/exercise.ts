// Manifest of the "block-stride" exercise (schema: src/exercises/schema.ts).
import type { ExerciseManifestInput } from '../../src/exercises/schema';

export default {
  id: 'block-stride',
  title: 'More weights than invocations: a grid-stride loop',
  kind: 'wgsl',
  difficulty: 3,
  summary: 'A gradient-descent step, w[i] −= lr·g[i], over up to 100,000 weights with only a few workgroups: each invocation loops with a stride of the whole grid.',
  hints: [
    'Invocation `id.x` starts at element `id.x`. After that, the next element no other invocation is handling is `total` further on, where `total` is the number of invocations in the grid.',
    'Loop: `for (var i = id.x; i < params.n; i += total) { ... }`. Each element is then visited by exactly one invocation, exactly once, because every i has exactly one remainder when divided by `total`.',
    'The body is `w[i] = w[i] - params.lr * g[i];`. Do not hard-code 256: the number of workgroups changes between cases, so use `total = groups.x * 64u`.',
  ],
  kernel: {
    entryPoint: 'main',
    workgroupSize: [64, 1, 1],
    params: ['n', 'groups'],
    bindings: [
      // The weights, updated in place, followed by 64 values that belong to
      // another tensor and must not change.
      { binding: 0, name: 'w', access: 'read_write', type: 'f32', length: 'n + 64' },
      { binding: 1, name: 'g', access: 'read', type: 'f32', length: 'n' },
      // struct Params { n: u32, lr: f32 }
      { binding: 2, name: 'params', access: 'uniform', type: 'u32', length: '2' },
    ],
    // A small, fixed grid, whatever n is.
    dispatch: ['groups', '1', '1'],
  },
} satisfies ExerciseManifestInput;
