// Wrong: no activation anywhere, so the network collapses into one linear layer.
import type { Engine, Tensor } from 'engine';

export function mlpForward(engine: Engine, X: Tensor, layers: { W: Tensor; b: Tensor }[]): Tensor {
  let h = X;
  for (const { W, b } of layers) {
    h = engine.add(engine.matmul(h, engine.transpose(W)), b);
  }
  return h;
}
