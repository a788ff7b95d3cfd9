// Wrong: normalises each column (axis 0) instead of each row: the weights of one key over all queries sum to 1, not one query's weights over all keys.
import type { Engine, Tensor } from 'engine';

const MASKED = -1e30;

export function attention(engine: Engine, q: Tensor, k: Tensor, v: Tensor, causal: boolean): Tensor {
  const T = q.shape[0]!;
  const d = q.shape[1]!;
  let scores = engine.div(engine.matmul(q, engine.transpose(k)), Math.sqrt(d));
  if (causal) {
    const keyPositions = engine.reshape(engine.arange(T), [1, T]);
    const queryPositions = engine.reshape(engine.arange(T), [T, 1]);
    const future = engine.greater(keyPositions, queryPositions);
    scores = engine.where(future, MASKED, scores);
  }
  const weights = engine.softmax(scores, 0);
  return engine.matmul(weights, v);
}
