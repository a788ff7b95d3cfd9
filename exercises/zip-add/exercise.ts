// Manifest of the "zip-add" exercise (schema: src/exercises/schema.ts).
import type { ExerciseManifestInput } from '../../src/exercises/schema';

export default {
  id: 'zip-add',
  title: 'Add two arrays, element by element',
  kind: 'wgsl',
  difficulty: 1,
  summary: 'Declare a second input buffer at the right binding and write out[i] = a[i] + b[i], guard included.',
  hints: [
    'Copy the declaration of `a` and change the name and the binding number: `b` is read-only storage at `@group(0) @binding(1)`.',
    'The guard compares `i` with the number of elements in an input: `arrayLength(&a)`. The output is longer than the inputs (it has a slot for every invocation), so `arrayLength(&out)` is not n.',
    '`@group(0) @binding(1) var<storage, read> b: array<f32>;` at the top, and in the kernel `if (i < arrayLength(&a)) { out[i] = a[i] + b[i]; }`.',
  ],
  kernel: {
    entryPoint: 'main',
    workgroupSize: [64, 1, 1],
    params: ['n'],
    bindings: [
      { binding: 0, name: 'a', access: 'read', type: 'f32', length: 'n' },
      { binding: 1, name: 'b', access: 'read', type: 'f32', length: 'n' },
      // One slot per invocation, so a missing or wrong guard shows up in the padding.
      { binding: 2, name: 'out', access: 'read_write', type: 'f32', length: 'ceil(n / 64) * 64' },
    ],
    dispatch: ['ceil(n / 64)', '1', '1'],
  },
  // The diagram under the prompt: which invocation handles which item, for one small case.
  threadGrid: { params: { n: 150 }, data: { length: 'n' } },
} satisfies ExerciseManifestInput;
