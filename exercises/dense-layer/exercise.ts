// Manifest of the "dense-layer" exercise (schema: src/exercises/schema.ts).
import type { ExerciseManifestInput } from '../../src/exercises/schema';

export default {
  id: 'dense-layer',
  title: 'A dense layer on a batch',
  kind: 'ts',
  difficulty: 2,
  summary: 'Run a fully connected ReLU layer on a whole batch at once: one matrix-matrix product, a bias per neuron and ReLU, with the tensor engine.',
  exportName: 'denseLayer',
  hints: [
    'Write down the shapes. X is [B, n] and W is [m, n]; you need a [B, m] result whose entry (i, j) is row i of X dotted with row j of W. Which matrix product gives that?',
    '`engine.matmul(X, engine.transpose(W))` is [B, n] @ [n, m] = [B, m]. Adding b, of shape [m], broadcasts it along the last axis: b[j] is added to column j in every row, which is what you want.',
    '`return engine.relu(engine.add(engine.matmul(X, engine.transpose(W)), b));`',
  ],
} satisfies ExerciseManifestInput;
