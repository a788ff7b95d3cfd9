// Manifest of the "neuron" exercise (schema: src/exercises/schema.ts).
import type { ExerciseManifestInput } from '../../src/exercises/schema';

export default {
  id: 'neuron',
  title: 'One neuron: weighted sum, bias, ReLU',
  kind: 'ts',
  difficulty: 1,
  summary: 'Compute what one neuron outputs, ReLU(w · x + b), for an input vector x, a weight vector w and a bias b, with the tensor engine.',
  exportName: 'neuron',
  hints: [
    'Three steps, in order: the dot product w · x (multiply elementwise, then add up), then add the bias, then apply ReLU.',
    '`engine.mul(w, x)` multiplies element by element; `engine.sum(t)` adds up every element into a one-element tensor; `engine.add(t, b)` and `engine.relu(t)` do the rest.',
    '`return engine.relu(engine.add(engine.sum(engine.mul(w, x)), b));`',
  ],
} satisfies ExerciseManifestInput;
