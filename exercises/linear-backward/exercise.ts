// Manifest of the "linear-backward" exercise (schema: src/exercises/schema.ts).
// The export's name and signature are fixed: lesson 9's demo calls the
// learner's linearBackward as the backward rule of its linear layers.
import type { ExerciseManifestInput } from '../../src/exercises/schema';

export default {
  id: 'linear-backward',
  title: 'The backward pass of a linear layer',
  kind: 'ts',
  difficulty: 3,
  summary: 'Given a linear layer Y = X·W + b and the gradient dY, compute dX, dW and db with the engine: two matrix products with a transposed operand and one sum.',
  exportName: 'linearBackward',
  hints: [
    'Start from the shapes: x is [B, in], w is [in, out], dy is [B, out]. Each gradient has the shape of what it is the gradient of: dx is [B, in], dw is [in, out], db is [out]. Only one arrangement of each product gives those shapes.',
    'dx = dY·Wᵀ: [B, out] @ [out, in] = [B, in]. dW = Xᵀ·dY: [in, B] @ [B, out] = [in, out]. b was added to every row of the batch, so db adds up dY over the batch axis, axis 0.',
    '`return { dx: dy.matmul(w.transpose()), dw: x.transpose().matmul(dy), db: dy.sum(0) };`',
  ],
} satisfies ExerciseManifestInput;
