// Wrong: applies the causal mask after the softmax by zeroing future weights, so the remaining weights of a row no longer sum to 1.
import type { Engine, Tensor } from 'engine';

export function attention(engine: Engine, q: Tensor, k: Tensor, v: Tensor, causal: boolean): Tensor {
  const T = q.shape[0]!;
  const d = q.shape[1]!;
  let scores = engine.div(engine.matmul(q, engine.transpose(k)), Math.sqrt(d));
  if (causal) {
    const keyPositions = engine.reshape(engine.arange(T), [1, T]);
    const queryPositions = engine.reshape(engine.arange(T), [T, 1]);
    const future = engine.greater(keyPositions, queryPositions);
    return engine.matmul(engine.where(future, 0, engine.softmax(scores, -1)), v);
  }
  const weights = engine.softmax(scores, -1);
  return engine.matmul(weights, v);
}
