// Manifest of the "first-map" exercise (schema: src/exercises/schema.ts).
import type { ExerciseManifestInput } from '../../src/exercises/schema';

export default {
  id: 'first-map',
  title: 'Your first kernel: scale and shift',
  kind: 'wgsl',
  difficulty: 1,
  summary: 'Complete a kernel in which invocation i computes out[i] = 2·a[i] + 1: one element per invocation.',
  hints: [
    'The starter already gives you `i`, this invocation\'s position in the whole dispatch, and the bounds guard. Only the body of the `if` is missing.',
    'Read the input with `a[i]` and store with `out[i] = ...`. Write the constants as floats: `2.0` and `1.0`.',
    'The whole body is one line: `out[i] = 2.0 * a[i] + 1.0;`',
  ],
  kernel: {
    entryPoint: 'main',
    workgroupSize: [64, 1, 1],
    params: ['n'],
    bindings: [
      { binding: 0, name: 'a', access: 'read', type: 'f32', length: 'n' },
      // One slot per invocation: an invocation past n that writes lands in the padding, where the grader sees it.
      { binding: 1, name: 'out', access: 'read_write', type: 'f32', length: 'ceil(n / 64) * 64' },
    ],
    dispatch: ['ceil(n / 64)', '1', '1'],
  },
  // The diagram under the prompt: which invocation handles which item, for one small case.
  threadGrid: { params: { n: 100 }, data: { length: 'n' } },
} satisfies ExerciseManifestInput;
