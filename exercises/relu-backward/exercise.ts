// Manifest of the "relu-backward" exercise (schema: src/exercises/schema.ts).
// The interface is fixed: lesson 9's demo plugs the learner's kernel into the
// engine as a custom op (inputs x, dy; output dx; then one uniform).
import type { ExerciseManifestInput } from '../../src/exercises/schema';

export default {
  id: 'relu-backward',
  title: 'ReLU, backwards',
  kind: 'wgsl',
  difficulty: 2,
  summary: 'Write the backward kernel of ReLU: pass the incoming gradient dy through where the forward input x was positive, and block it everywhere else.',
  hints: [
    'The gate is decided by the forward input `x`, not by the gradient: ReLU\'s slope at x is 1 where x > 0 and 0 where x < 0. The gradient `dy` can have either sign wherever the gate is open.',
    'The course uses the convention that the slope at exactly x = 0 is 0, so the test is `x[i] > 0.0` (strictly). The grader puts exact zeros in `x` with nonzero `dy` beside them.',
    'Guard with `params.n`, then `dx[i] = select(0.0, dy[i], x[i] > 0.0);` (select(f, t, cond) is t when cond is true).',
  ],
  kernel: {
    entryPoint: 'main',
    workgroupSize: [64, 1, 1],
    params: ['n'],
    bindings: [
      { binding: 0, name: 'x', access: 'read', type: 'f32', length: 'n' },
      { binding: 1, name: 'dy', access: 'read', type: 'f32', length: 'n' },
      // One slot per invocation: a missing bounds guard writes past n, and the grader sees it.
      { binding: 2, name: 'dx', access: 'read_write', type: 'f32', length: 'ceil(n / 64) * 64' },
      // struct Params { n: u32 }
      { binding: 3, name: 'params', access: 'uniform', type: 'u32', length: '1' },
    ],
    dispatch: ['ceil(n / 64)', '1', '1'],
  },
  threadGrid: { params: { n: 70 }, data: { length: 'n' } },
} satisfies ExerciseManifestInput;
