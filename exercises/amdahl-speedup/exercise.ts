// Manifest of the "amdahl-speedup" exercise (schema: src/exercises/schema.ts).
import type { ExerciseManifestInput } from '../../src/exercises/schema';

export default {
  id: 'amdahl-speedup',
  title: "Amdahl's law on the engine",
  kind: 'ts',
  difficulty: 1,
  summary: "Compute Amdahl's speedup for a whole tensor of worker counts at once, with the course's tensor engine.",
  exportName: 'amdahlSpeedup',
  hints: [
    'The formula is S(N) = 1 / ((1 − p) + p / N). Work with whole tensors: `engine.div(p, workers)` divides the number p by every element of `workers`.',
    'Numbers and tensors mix freely: `engine.add(1 - p, t)` adds the number 1 − p to every element of t.',
    '`return engine.div(1, engine.add(1 - p, engine.div(p, workers)));`',
  ],
} satisfies ExerciseManifestInput;
