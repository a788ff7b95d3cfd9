// Wrong: skips the biases, computing h Wᵀ only.
import type { Engine, Tensor } from 'engine';

export function mlpForward(engine: Engine, X: Tensor, layers: { W: Tensor; b: Tensor }[]): Tensor {
  let h = X;
  for (let i = 0; i < layers.length; i++) {
    h = engine.matmul(h, engine.transpose(layers[i]!.W));
    if (i < layers.length - 1) h = engine.relu(h);
  }
  return h;
}
