// Manifest of the "mlp-forward" exercise (schema: src/exercises/schema.ts).
import type { ExerciseManifestInput } from '../../src/exercises/schema';

export default {
  id: 'mlp-forward',
  title: 'The forward pass of a multilayer perceptron',
  kind: 'ts',
  difficulty: 2,
  summary: 'Chain dense layers into a network: ReLU after every hidden layer, no activation after the last, on a batch of inputs.',
  exportName: 'mlpForward',
  hints: [
    'Keep one running tensor h, starting as X. Each layer replaces it with h Wᵀ + b; the next layer reads the new h.',
    'Apply ReLU inside the loop only when the layer is not the last one: `if (i < layers.length - 1) h = engine.relu(h);`.',
    'The loop body: `const { W, b } = layers[i]!; h = engine.add(engine.matmul(h, engine.transpose(W)), b); if (i < layers.length - 1) h = engine.relu(h);`',
  ],
} satisfies ExerciseManifestInput;
