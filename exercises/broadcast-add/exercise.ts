// Manifest of the "broadcast-add" exercise (schema: src/exercises/schema.ts).
import type { ExerciseManifestInput } from '../../src/exercises/schema';

export default {
  id: 'broadcast-add',
  title: 'Broadcasting: add a bias to every row',
  kind: 'wgsl',
  difficulty: 2,
  summary: 'Add a bias vector of length width to every row of a height × width matrix, with a 1-D grid over the flat array.',
  hints: [
    'In a row-major matrix with `width` columns, flat index `i` is in row `i / width` and column `i % width` (integer division and remainder).',
    'The bias belongs to the column: every row reuses the same `width` bias values. The number of columns is `arrayLength(&bias)`; the number of elements is `arrayLength(&x)`.',
    '`if (i < arrayLength(&x)) { out[i] = x[i] + bias[i % width]; }`',
  ],
  kernel: {
    entryPoint: 'main',
    workgroupSize: [64, 1, 1],
    params: ['w', 'h'],
    bindings: [
      { binding: 0, name: 'x', access: 'read', type: 'f32', length: 'w * h' },
      { binding: 1, name: 'bias', access: 'read', type: 'f32', length: 'w' },
      // Spare whole rows after the matrix: the grid overshoots w·h by at most
      // 63 elements, so a missing guard always writes into them.
      { binding: 2, name: 'out', access: 'read_write', type: 'f32', length: '(h + ceil(64 / w)) * w' },
    ],
    dispatch: ['ceil(w * h / 64)', '1', '1'],
  },
  // The diagram under the prompt: which invocation handles which item, for one small case.
  threadGrid: { params: { w: 7, h: 10 }, data: { length: 'w * h' }, noun: 'matrix element' },
} satisfies ExerciseManifestInput;
