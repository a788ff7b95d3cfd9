// Wrong: sets masked scores to 0 instead of a large negative number; a score of 0 still gets weight exp(0 − max) in the softmax.
import type { Engine, Tensor } from 'engine';

export function attention(engine: Engine, q: Tensor, k: Tensor, v: Tensor, causal: boolean): Tensor {
  const T = q.shape[0]!;
  const d = q.shape[1]!;
  let scores = engine.div(engine.matmul(q, engine.transpose(k)), Math.sqrt(d));
  if (causal) {
    const keyPositions = engine.reshape(engine.arange(T), [1, T]);
    const queryPositions = engine.reshape(engine.arange(T), [T, 1]);
    const future = engine.greater(keyPositions, queryPositions);
    scores = engine.where(future, 0, scores);
  }
  const weights = engine.softmax(scores, -1);
  return engine.matmul(weights, v);
}
