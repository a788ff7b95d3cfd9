// Wrong: masks j >= i instead of j > i, so a token cannot see itself and the first row is masked entirely.
import type { Engine, Tensor } from 'engine';

const MASKED = -1e30;

export function attention(engine: Engine, q: Tensor, k: Tensor, v: Tensor, causal: boolean): Tensor {
  const T = q.shape[0]!;
  const d = q.shape[1]!;
  let scores = engine.div(engine.matmul(q, engine.transpose(k)), Math.sqrt(d));
  if (causal) {
    const keyPositions = engine.reshape(engine.arange(T), [1, T]);
    const queryPositions = engine.reshape(engine.arange(T), [T, 1]);
    const future = engine.greaterEqual(keyPositions, queryPositions);
    scores = engine.where(future, MASKED, scores);
  }
  const weights = engine.softmax(scores, -1);
  return engine.matmul(weights, v);
}
