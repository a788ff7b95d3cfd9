// Wrong: applies ReLU after every layer, the last one included, so negative output scores become 0.
import type { Engine, Tensor } from 'engine';

export function mlpForward(engine: Engine, X: Tensor, layers: { W: Tensor; b: Tensor }[]): Tensor {
  let h = X;
  for (const { W, b } of layers) {
    h = engine.relu(engine.add(engine.matmul(h, engine.transpose(W)), b));
  }
  return h;
}
