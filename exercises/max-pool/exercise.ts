// Manifest of the "max-pool" exercise (schema: src/exercises/schema.ts).
import type { ExerciseManifestInput } from '../../src/exercises/schema';

export default {
  id: 'max-pool',
  title: '2×2 max pooling with 8×8 workgroups',
  kind: 'wgsl',
  difficulty: 2,
  summary: 'Shrink an image to half its width and height by keeping the largest value of each 2×2 window, one invocation per output pixel, in a 2-D grid of 8×8 workgroups.',
  hints: [
    'Invocation `(x, y)` of the whole grid is `gid.xy` (equal to `wid.xy * 8u + lid.xy`). It owns output pixel row `y`, column `x`. Its window starts at input row `2y`, column `2x`.',
    'The grid is rounded up to whole 8×8 workgroups, so check both `x < ow` and `y < oh` before doing anything. Input rows are `dims.w` elements long, even when `w` is odd and the last column is dropped.',
    'With `let top = 2u * y * dims.w + 2u * x;` and `let bottom = top + dims.w;`, write `output[y * ow + x] = max(max(input[top], input[top + 1u]), max(input[bottom], input[bottom + 1u]));`.',
  ],
  kernel: {
    entryPoint: 'main',
    workgroupSize: [8, 8, 1],
    params: ['w', 'h'],
    bindings: [
      { binding: 0, name: 'input', access: 'read', type: 'f32', length: 'h * w' },
      // The output plus 8 spare rows and 8 elements: every write of an
      // unguarded invocation lands in this padding, where the grader sees it.
      { binding: 1, name: 'output', access: 'read_write', type: 'f32', length: '(floor(h / 2) + 8) * floor(w / 2) + 8' },
      { binding: 2, name: 'dims', access: 'uniform', type: 'u32', length: '2' },
    ],
    dispatch: ['ceil(floor(w / 2) / 8)', 'ceil(floor(h / 2) / 8)', '1'],
  },
  // The diagram under the prompt: which invocation handles which item, for one small case.
  threadGrid: { params: { w: 20, h: 14 }, data: { width: 'floor(w / 2)', height: 'floor(h / 2)' }, noun: 'output pixel' },
} satisfies ExerciseManifestInput;
