// Manifest of the "causal-mask" exercise (schema: src/exercises/schema.ts).
import type { ExerciseManifestInput } from '../../src/exercises/schema';

export default {
  id: 'causal-mask',
  title: 'The causal mask, for every head',
  kind: 'wgsl',
  difficulty: 2,
  summary: 'Mask the attention scores of a batch of heads so that position i sees only positions up to i: keep the lower triangle, write −1e30 above the diagonal.',
  hints: [
    'Invocation (x, y, z) handles column `id.x`, row `id.y` of head `id.z`. The grid is rounded up to 16 × 16 tiles, so guard both the row and the column against `dims.t`.',
    'Each head\'s T × T matrix follows the previous one, so element (head, row, col) is at `head * t * t + row * t + col`. Position `row` may see column `col` when `col <= row`: the diagonal (a token looking at itself) is kept.',
    'Inside the guard: `let k = head * dims.t * dims.t + row * dims.t + col; out[k] = select(MASKED, scores[k], col <= row);`',
  ],
  kernel: {
    entryPoint: 'main',
    workgroupSize: [16, 16, 1],
    params: ['h', 't'],
    bindings: [
      { binding: 0, name: 'scores', access: 'read', type: 'f32', length: 'h * t * t' },
      // Whole spare rows after the last head, enough to catch every write a
      // missing guard can make (the grid overshoots by < 16 rows and < 16 columns).
      { binding: 1, name: 'out', access: 'read_write', type: 'f32', length: 'h * t * t + (16 + ceil(16 / t)) * t' },
      // struct Dims { heads: u32, t: u32 }
      { binding: 2, name: 'dims', access: 'uniform', type: 'u32', length: '2' },
    ],
    dispatch: ['ceil(t / 16)', 'ceil(t / 16)', 'h'],
  },
} satisfies ExerciseManifestInput;
