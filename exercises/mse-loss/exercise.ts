// Manifest of the "mse-loss" exercise (schema: src/exercises/schema.ts).
import type { ExerciseManifestInput } from '../../src/exercises/schema';

export default {
  id: 'mse-loss',
  title: 'Mean squared error',
  kind: 'ts',
  difficulty: 1,
  summary: 'Build the mean squared error loss from the engine\'s elementwise operations and a reduction, so that autograd can differentiate it.',
  exportName: 'mseLoss',
  hints: [
    'Three steps, one engine operation each: the differences pred − target, their squares, and the mean of all the squares.',
    '`pred.sub(target)` gives the differences; a tensor method `.square()` squares every element; `.mean()` with no arguments averages over every axis and returns a rank-0 tensor.',
    '`return pred.sub(target).square().mean();`',
  ],
} satisfies ExerciseManifestInput;
