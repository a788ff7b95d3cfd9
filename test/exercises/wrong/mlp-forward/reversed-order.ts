// Wrong: runs the layers last to first (wrong layer order); it fits together only when the layers are square.
import type { Engine, Tensor } from 'engine';

export function mlpForward(engine: Engine, X: Tensor, layers: { W: Tensor; b: Tensor }[]): Tensor {
  let h = X;
  for (let i = layers.length - 1; i >= 0; i--) {
    const { W, b } = layers[i]!;
    h = engine.add(engine.matmul(h, engine.transpose(W)), b);
    if (i > 0) h = engine.relu(h);
  }
  return h;
}
