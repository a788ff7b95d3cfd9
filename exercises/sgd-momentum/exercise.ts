// Manifest of the "sgd-momentum" exercise (schema: src/exercises/schema.ts).
// The interface is fixed: lesson 9's demo plugs the learner's kernel into the
// engine as a custom op (inputs w, grad, v; output [new w, new v]; then one
// uniform of mixed u32/f32 words).
import type { ExerciseManifestInput } from '../../src/exercises/schema';

export default {
  id: 'sgd-momentum',
  title: 'An optimizer step: SGD with momentum',
  kind: 'wgsl',
  difficulty: 2,
  summary: 'Update every parameter with SGD and momentum in one elementwise kernel: v ← μ·v + g, then w ← w − η·v, writing the new weights and the new velocities.',
  hints: [
    'Each element is independent: invocation i reads w[i], grad[i] and v[i] and writes out[i] and out[n + i]. Read n from `params.n`, not from the length of `out` (which the grader pads).',
    'Order matters: the weight moves along the NEW velocity. Compute `let vNew = params.momentum * v[i] + grad[i];` first, then the weight from `vNew`.',
    'After the guard: `out[i] = w[i] - params.lr * vNew;` and `out[params.n + i] = vNew;`.',
  ],
  kernel: {
    entryPoint: 'main',
    workgroupSize: [64, 1, 1],
    params: ['n'],
    bindings: [
      { binding: 0, name: 'w', access: 'read', type: 'f32', length: 'n' },
      { binding: 1, name: 'grad', access: 'read', type: 'f32', length: 'n' },
      { binding: 2, name: 'v', access: 'read', type: 'f32', length: 'n' },
      // New weights in [0, n), new velocities in [n, 2n), then padding up to
      // where an unguarded invocation of the rounded-up grid would write
      // (out[n + i] for i < ceil(n / 64) * 64), so a missing guard shows.
      { binding: 3, name: 'out', access: 'read_write', type: 'f32', length: 'n + ceil(n / 64) * 64' },
      // struct Params { n: u32, lr: f32, momentum: f32 }
      { binding: 4, name: 'params', access: 'uniform', type: 'u32', length: '3' },
    ],
    dispatch: ['ceil(n / 64)', '1', '1'],
  },
} satisfies ExerciseManifestInput;
