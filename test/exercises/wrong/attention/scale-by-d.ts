// Wrong: divides the scores by d instead of √d, so wide heads get scores that are too small and weights that are too flat.
import type { Engine, Tensor } from 'engine';

const MASKED = -1e30;

export function attention(engine: Engine, q: Tensor, k: Tensor, v: Tensor, causal: boolean): Tensor {
  const T = q.shape[0]!;
  const d = q.shape[1]!;
  let scores = engine.div(engine.matmul(q, engine.transpose(k)), d);
  if (causal) {
    const keyPositions = engine.reshape(engine.arange(T), [1, T]);
    const queryPositions = engine.reshape(engine.arange(T), [T, 1]);
    const future = engine.greater(keyPositions, queryPositions);
    scores = engine.where(future, MASKED, scores);
  }
  const weights = engine.softmax(scores, -1);
  return engine.matmul(weights, v);
}
