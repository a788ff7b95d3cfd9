// Manifest of the "bounds-guard" exercise (schema: src/exercises/schema.ts).
import type { ExerciseManifestInput } from '../../src/exercises/schema';

export default {
  id: 'bounds-guard',
  title: 'Guard with n, not with the buffer',
  kind: 'wgsl',
  difficulty: 2,
  summary: 'Apply ReLU to the first n elements of buffers that are bigger than the data, where n arrives in a uniform buffer.',
  hints: [
    'The buffers are allocated for the largest batch, so `arrayLength(&a)` is their capacity, not the number of elements that hold data this time. That number is `params.n`.',
    'Every invocation runs the whole kernel, so every one of them must check its own `i` before it reads or writes. Both the load and the store belong inside the check.',
    'Wrap the work: `if (i < params.n) { out[i] = max(a[i], 0.0); }` (or return early with `if (i >= params.n) { return; }`).',
  ],
  kernel: {
    entryPoint: 'main',
    workgroupSize: [64, 1, 1],
    params: ['n', 'cap'],
    bindings: [
      // Both buffers have `cap` elements, of which the first n hold this batch.
      { binding: 0, name: 'a', access: 'read', type: 'f32', length: 'cap' },
      { binding: 1, name: 'out', access: 'read_write', type: 'f32', length: 'cap' },
      // struct Params { n: u32 }
      { binding: 2, name: 'params', access: 'uniform', type: 'u32', length: '1' },
    ],
    // The host dispatches for the buffers' capacity, as a pipeline recorded once would.
    dispatch: ['ceil(cap / 64)', '1', '1'],
  },
  // The diagram under the prompt: which invocation handles which item, for one small case.
  threadGrid: { params: { n: 40, cap: 128 }, data: { length: 'n' } },
} satisfies ExerciseManifestInput;
