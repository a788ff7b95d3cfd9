import type { Engine, Tensor } from 'engine';

/**
 * A ReLU layer on a batch: W is [m, n] (one row of weights per neuron), X is
 * [B, n] (one example per row), b is [m]. Returns ReLU(X Wᵀ + b), shape [B, m].
 */
export function denseLayer(engine: Engine, W: Tensor, X: Tensor, b: Tensor): Tensor {
  const batch = X.shape[0]!; // B: examples
  const neurons = W.shape[0]!; // m: outputs per example
  // TODO: compute ReLU(X Wᵀ + b) with engine.matmul, engine.transpose, engine.add
  // and engine.relu, and return it instead of these zeros (same shape, [B, m]).
  void b;
  return engine.zeros([batch, neurons]);
}
