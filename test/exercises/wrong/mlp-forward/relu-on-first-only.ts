// Wrong: off-by-one in the activation test (i < 1 instead of i < layers.length - 1): only the first layer gets ReLU, and a single layer gets it too.
import type { Engine, Tensor } from 'engine';

export function mlpForward(engine: Engine, X: Tensor, layers: { W: Tensor; b: Tensor }[]): Tensor {
  let h = X;
  for (let i = 0; i < layers.length; i++) {
    const { W, b } = layers[i]!;
    h = engine.add(engine.matmul(h, engine.transpose(W)), b);
    if (i < 1) h = engine.relu(h);
  }
  return h;
}
