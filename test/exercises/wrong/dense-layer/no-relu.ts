// Wrong: forgets the activation, returning X Wᵀ + b with its negative entries.
import type { Engine, Tensor } from 'engine';

export function denseLayer(engine: Engine, W: Tensor, X: Tensor, b: Tensor): Tensor {
  return engine.add(engine.matmul(X, engine.transpose(W)), b);
}
