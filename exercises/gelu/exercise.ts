// Manifest of the "gelu" exercise (schema: src/exercises/schema.ts).
import type { ExerciseManifestInput } from '../../src/exercises/schema';

export default {
  id: 'gelu',
  title: 'GELU, the transformer activation',
  kind: 'wgsl',
  difficulty: 1,
  summary: 'Apply GELU (tanh approximation) to every element of an array, without producing NaN for large inputs.',
  hints: [
    'This is lesson 5\'s elementwise pattern: one invocation per element, behind a bounds guard. Only the formula is new: compute the tanh argument `u` first, then `0.5 * v * (1.0 + tanh(u))`.',
    'WGSL has `tanh` built in; do not rebuild it from `exp`. `exp(2u)` overflows to infinity once u > 44, and infinity / infinity is NaN. Because the spec lets the built-in tanh be as inaccurate as sinh/cosh built from exp, clamp its argument to [-10, 10] first: tanh(±10) already rounds to ±1 in f32.',
    '`let u = SQRT_2_OVER_PI * (v + 0.044715 * v * v * v); out[i] = 0.5 * v * (1.0 + tanh(clamp(u, -10.0, 10.0)));`',
  ],
  kernel: {
    entryPoint: 'main',
    workgroupSize: [64, 1, 1],
    params: ['n'],
    bindings: [
      { binding: 0, name: 'x', access: 'read', type: 'f32', length: 'n' },
      // One slot per invocation: a missing bounds guard writes past n, and the grader sees it.
      { binding: 1, name: 'out', access: 'read_write', type: 'f32', length: 'ceil(n / 64) * 64' },
    ],
    dispatch: ['ceil(n / 64)', '1', '1'],
  },
} satisfies ExerciseManifestInput;
