// Manifest of the "square-each" exercise (schema: src/exercises/schema.ts).
import type { ExerciseManifestInput } from '../../src/exercises/schema';

export default {
  id: 'square-each',
  title: 'Every friend reads one page',
  kind: 'wgsl',
  difficulty: 1,
  summary: 'Write a kernel in which each GPU invocation squares one element of an array: the most parallel job there is.',
  hints: [
    'The invocation\'s position in the whole dispatch is `id.x`. Use it as the index into both arrays.',
    'The grid is rounded up to whole workgroups of 64, so some invocations have an `id.x` past the end of the array. `arrayLength(&input)` is n, the number of elements to square.',
    'Inside `if (i < arrayLength(&input)) { ... }`, write `output[i] = input[i] * input[i];`.',
  ],
  kernel: {
    entryPoint: 'main',
    workgroupSize: [64, 1, 1],
    params: ['n'],
    bindings: [
      { binding: 0, name: 'input', access: 'read', type: 'f32', length: 'n' },
      // One slot per invocation: a missing bounds guard writes past n, and the grader sees it.
      { binding: 1, name: 'output', access: 'read_write', type: 'f32', length: 'ceil(n / 64) * 64' },
    ],
    dispatch: ['ceil(n / 64)', '1', '1'],
  },
  // The diagram under the prompt: which invocation handles which item, for one small case.
  threadGrid: { params: { n: 70 }, data: { length: 'n' } },
} satisfies ExerciseManifestInput;
