// Manifest of the "map-2d" exercise (schema: src/exercises/schema.ts).
import type { ExerciseManifestInput } from '../../src/exercises/schema';

export default {
  id: 'map-2d',
  title: 'A 2-D grid: keep the lower triangle',
  kind: 'wgsl',
  difficulty: 2,
  summary: 'Use a 2-D grid of 16 × 16 workgroups over a width × height matrix: copy the elements on and below the diagonal, zero the rest.',
  hints: [
    'The element at row `row`, column `col` of a row-major matrix with `dims.width` columns is at index `row * dims.width + col`.',
    'The grid is rounded up in both directions, so guard both: `row < dims.height && col < dims.width`. The grader makes matrices whose sides are not multiples of 16.',
    'Inside the guard: `let k = row * dims.width + col; out[k] = select(0.0, a[k], col <= row);` (`select(f, t, cond)` is `cond ? t : f`).',
  ],
  kernel: {
    entryPoint: 'main',
    workgroupSize: [16, 16, 1],
    params: ['w', 'h'],
    bindings: [
      { binding: 0, name: 'a', access: 'read', type: 'f32', length: 'w * h' },
      // Whole rows of padding below the matrix, enough to catch every write a
      // missing guard can make (the grid overshoots by < 16 rows and < 16 columns).
      { binding: 1, name: 'out', access: 'read_write', type: 'f32', length: '(ceil(h / 16) * 16 + ceil(16 / w)) * w' },
      // struct Dims { width: u32, height: u32 }
      { binding: 2, name: 'dims', access: 'uniform', type: 'u32', length: '2' },
    ],
    dispatch: ['ceil(w / 16)', 'ceil(h / 16)', '1'],
  },
  // The diagram under the prompt: which invocation handles which item, for one small case.
  threadGrid: { params: { w: 20, h: 7 }, data: { width: 'w', height: 'h' } },
} satisfies ExerciseManifestInput;
