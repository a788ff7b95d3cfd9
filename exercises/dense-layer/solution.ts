import type { Engine, Tensor } from 'engine';

/**
 * A ReLU layer on a batch: W is [m, n] (one row of weights per neuron), X is
 * [B, n] (one example per row), b is [m]. Returns ReLU(X Wᵀ + b), shape [B, m].
 */
export function denseLayer(engine: Engine, W: Tensor, X: Tensor, b: Tensor): Tensor {
  // Entry (i, j) must be row i of X dotted with row j of W. A matrix product
  // dots rows of its left operand with columns of its right one, so W's rows
  // have to become columns: Wᵀ is [n, m], and [B, n] @ [n, m] = [B, m].
  const sums = engine.matmul(X, engine.transpose(W));
  // Broadcasting lines shapes up from the last axis: b's [m] matches the m
  // columns, so b[j] is added to column j (neuron j) in every row (example).
  const z = engine.add(sums, b);
  // ReLU acts on each entry separately, as each neuron's activation does.
  return engine.relu(z);
}
