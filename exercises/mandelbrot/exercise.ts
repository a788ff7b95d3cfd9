// Manifest of the "mandelbrot" exercise (schema: src/exercises/schema.ts).
import type { ExerciseManifestInput } from '../../src/exercises/schema';

export default {
  id: 'mandelbrot',
  title: 'The Mandelbrot set, one invocation per pixel',
  kind: 'wgsl',
  difficulty: 2,
  summary:
    'Colour a width × height image by how fast z ← z² + c escapes, one invocation per pixel, the way a fragment shader would. Graded by image comparison.',
  hints: [
    'Pixel (x, y) stands for c = (view.x0 + x · view.scale) + (view.y0 + y · view.scale)i. Convert the ids with `f32(x)` before multiplying.',
    'Keep z in a `vec2f`: its square is `vec2f(z.x * z.x - z.y * z.y, 2.0 * z.x * z.y)`. Compare `dot(z, z)` (that is |z|²) with 4.0, not |z| with 2.',
    'Count updates, and test before each one: `var n = 0u; while (n < view.maxIter) { if (dot(z, z) > 4.0) { break; } z = ...; n = n + 1u; }`. Then n is the escape count, or maxIter if z never escaped.',
    'Guard both axes before you touch anything, then write `out[y * view.width + x] = n;`.',
  ],
  kernel: {
    entryPoint: 'main',
    workgroupSize: [8, 8, 1],
    params: ['w', 'h'],
    bindings: [
      // Spare rows after the image, enough for every write a missing guard can
      // make (the grid overshoots by fewer than 8 rows and 8 columns).
      { binding: 0, name: 'out', access: 'read_write', type: 'u32', length: '(ceil(h / 8) * 8 + ceil(8 / w)) * w' },
      // struct View { width: u32, height: u32, x0: f32, y0: f32, scale: f32, maxIter: u32 }
      { binding: 1, name: 'view', access: 'uniform', type: 'u32', length: '6' },
    ],
    dispatch: ['ceil(w / 8)', 'ceil(h / 8)', '1'],
  },
  threadGrid: { params: { w: 12, h: 10 }, data: { width: 'w', height: 'h' }, noun: 'pixel' },
} satisfies ExerciseManifestInput;
