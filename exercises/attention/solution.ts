import type { Engine, Tensor } from 'engine';

/** A large negative score: after the softmax, its weight is exactly 0. */
const MASKED = -1e30;

/**
 * Scaled dot-product attention for one head: q and k are [T, d], v is
 * [T, dv]. Returns softmax(q kᵀ / √d, with the future masked if `causal`) · v,
 * shape [T, dv].
 */
export function attention(engine: Engine, q: Tensor, k: Tensor, v: Tensor, causal: boolean): Tensor {
  const T = q.shape[0]!;
  const d = q.shape[1]!;
  // Entry (i, j) must be query i dotted with key j. A matrix product dots
  // rows of the left operand with columns of the right one, so the keys'
  // rows have to become columns: [T, d] @ [d, T] = [T, T].
  // Dividing by √d keeps the scores' spread near 1 whatever the width: a dot
  // product of d terms of variance 1 has variance d, standard deviation √d.
  let scores = engine.div(engine.matmul(q, engine.transpose(k)), Math.sqrt(d));
  if (causal) {
    // future[i][j] = 1 when key j comes after query i. A [1, T] row of key
    // positions against a [T, 1] column of query positions broadcasts to
    // [T, T]. The diagonal (j = i) stays visible: a token sees itself.
    const keyPositions = engine.reshape(engine.arange(T), [1, T]);
    const queryPositions = engine.reshape(engine.arange(T), [T, 1]);
    const future = engine.greater(keyPositions, queryPositions);
    // Before the softmax: a score of −1e30 becomes exp(−1e30 − max) = 0
    // exactly, so the weights of the visible keys still sum to 1. (A score
    // of 0 would still get weight; zeroing weights after the softmax would
    // leave rows that no longer sum to 1.)
    scores = engine.where(future, MASKED, scores);
  }
  // Each row is one query's distribution over the keys, so normalise along
  // the last axis. The engine's softmax subtracts the row maximum first, so
  // scores in the hundreds do not overflow exp.
  const weights = engine.softmax(scores, -1);
  // Each output row is a weighted average of the value rows: [T, T] @ [T, dv].
  return engine.matmul(weights, v);
}
