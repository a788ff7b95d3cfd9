// Manifest of the "shade-image" exercise (schema: src/exercises/schema.ts).
import type { ExerciseManifestInput } from '../../src/exercises/schema';

export default {
  id: 'shade-image',
  title: 'A post-processing pass: 3 × 3 blur with clamped edges',
  kind: 'wgsl',
  difficulty: 3,
  summary:
    'Blur a greyscale image with a 3 × 3 box filter, one invocation per pixel, reading neighbours the way a texture sampler clamps at the edges. Graded by image comparison.',
  hints: [
    'Do the neighbour arithmetic in `i32`: `i32(id.x) - 1` is −1 at the left edge, which `clamp` turns into 0. In `u32`, `id.x - 1u` wraps round to 4,294,967,295.',
    'In `sample`: `let cx = clamp(x, 0, i32(dims.width) - 1);`, the same for `cy` with the height, then `return src[u32(cy) * dims.width + u32(cx)];`.',
    'Every pixel averages exactly nine samples, even at the edges (the clamped samples repeat the edge pixel), so always divide by 9.',
    'In `main`: guard both axes, then `for (var dy = -1; dy <= 1; dy++) { for (var dx = -1; dx <= 1; dx++) { sum += sample(x + dx, y + dy); } }` and write `sum / 9.0`.',
  ],
  kernel: {
    entryPoint: 'main',
    workgroupSize: [8, 8, 1],
    params: ['w', 'h'],
    bindings: [
      { binding: 0, name: 'src', access: 'read', type: 'f32', length: 'w * h' },
      // Spare rows after the image, enough for every write a missing guard can
      // make (the grid overshoots by fewer than 8 rows and 8 columns).
      { binding: 1, name: 'out', access: 'read_write', type: 'f32', length: '(ceil(h / 8) * 8 + ceil(8 / w)) * w' },
      // struct Dims { width: u32, height: u32 }
      { binding: 2, name: 'dims', access: 'uniform', type: 'u32', length: '2' },
    ],
    dispatch: ['ceil(w / 8)', 'ceil(h / 8)', '1'],
  },
  threadGrid: { params: { w: 12, h: 10 }, data: { width: 'w', height: 'h' }, noun: 'pixel' },
} satisfies ExerciseManifestInput;
