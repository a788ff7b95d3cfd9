// Wrong: multiplies by W instead of Wᵀ, so entry (i, j) dots row i of X with column j of W (right shape only when W is square).
import type { Engine, Tensor } from 'engine';

export function denseLayer(engine: Engine, W: Tensor, X: Tensor, b: Tensor): Tensor {
  return engine.relu(engine.add(engine.matmul(X, W), b));
}
