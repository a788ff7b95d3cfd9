// Manifest of the "train-spirals" exercise (schema: src/exercises/schema.ts).
import type { ExerciseManifestInput } from '../../src/exercises/schema';

export default {
  id: 'train-spirals',
  title: 'Train a network on two spirals',
  kind: 'ts',
  difficulty: 3,
  summary: 'Write the training loop (forward pass, loss, backward pass, update) that teaches a small network to tell two interleaved spirals apart.',
  exportName: 'trainSpirals',
  // Two training runs of 60 steps each; a few seconds on a GPU or the
  // CPU, and room to spare for a slow software GPU.
  timeLimitMs: 20000,
  hints: [
    'Each step is five calls, in this order: clear the old gradients (`optimizer.zeroGrad()`), run the model (`forward(points)`), measure the loss (`engine.crossEntropy(logits, labels)`), backpropagate (`loss.backward()`), update (`optimizer.step()`).',
    'Wrap each step in `engine.tidy(() => { ... })` so the step\'s intermediate tensors are freed before the next one; the parameters and their gradients survive it.',
    '`for (let step = 0; step < STEPS; step++) { engine.tidy(() => { optimizer.zeroGrad(); const loss = engine.crossEntropy(forward(points), labels); loss.backward(); optimizer.step(); }); }`',
  ],
} satisfies ExerciseManifestInput;
