// Manifest of the "attention" exercise (schema: src/exercises/schema.ts).
import type { ExerciseManifestInput } from '../../src/exercises/schema';

export default {
  id: 'attention',
  title: 'Scaled dot-product attention',
  kind: 'ts',
  difficulty: 3,
  summary: 'Compute softmax(QKᵀ/√d + mask)·V with the tensor engine, with an optional causal mask, for any number of positions and any width.',
  exportName: 'attention',
  hints: [
    'Follow the shapes. q and k are [T, d]; the scores must be [T, T], entry (i, j) being query i dotted with key j. `engine.matmul(q, engine.transpose(k))` is [T, d] @ [d, T] = [T, T]. Divide it by `Math.sqrt(d)`.',
    'The softmax normalises each row (one query\'s weights over all keys): `engine.softmax(scores, -1)`, the last axis. Then `engine.matmul(weights, v)` is [T, T] @ [T, d_v] = [T, d_v].',
    'For the causal mask, build a [T, T] tensor that is 1 where the key comes after the query (j > i): compare a column of positions with a row of positions, `engine.greater(engine.reshape(engine.arange(T), [1, T]), engine.reshape(engine.arange(T), [T, 1]))`. Broadcasting makes the [T, T] comparison.',
    'Mask before the softmax, with a large negative number rather than 0: `scores = engine.where(future, MASKED, scores);` then softmax. A masked score of −1e30 gets weight exactly 0.',
  ],
} satisfies ExerciseManifestInput;
