// Wrong: writes the softmax as exp(s) / Σ exp(s) without subtracting the row maximum: scores around 280 overflow exp to infinity, and inf / inf is NaN.
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
  const exps = engine.exp(scores);
  const weights = engine.div(exps, engine.sum(exps, -1, true));
  return engine.matmul(weights, v);
}
