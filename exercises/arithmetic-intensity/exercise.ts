// Manifest of the "arithmetic-intensity" exercise (schema: src/exercises/schema.ts).
import type { ExerciseManifestInput } from '../../src/exercises/schema';

export default {
  id: 'arithmetic-intensity',
  title: 'Count FLOPs and bytes',
  kind: 'ts',
  difficulty: 1,
  summary:
    'For vector add and for an N × N matrix multiplication, compute the floating-point operations, the bytes moved and their ratio, the arithmetic intensity, over a whole tensor of sizes.',
  exportName: 'arithmeticIntensity',
  hints: [
    'Vector add does one addition per element. It reads two f32 numbers (4 bytes each) and writes one.',
    'An N × N matmul has N² outputs, each a dot product of N multiply-adds, and a multiply-add is 2 FLOPs. With ideal reuse, A and B are each read once (N² floats each) and C is written once (N² floats).',
    'Numbers and tensors mix: `engine.mul(12, sizes)` is 12n for every n. For N³ use `engine.mul(sizes, engine.mul(sizes, sizes))`, and the intensity is `engine.div(flops, bytes)`.',
  ],
} satisfies ExerciseManifestInput;
