// Wrong: forgets the bias, ReLU(X Wᵀ).
import type { Engine, Tensor } from 'engine';

export function denseLayer(engine: Engine, W: Tensor, X: Tensor, _b: Tensor): Tensor {
  return engine.relu(engine.matmul(X, engine.transpose(W)));
}
