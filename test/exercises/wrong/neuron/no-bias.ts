// Wrong: forgets the bias, ReLU(w · x).
import type { Engine, Tensor } from 'engine';

export function neuron(engine: Engine, x: Tensor, w: Tensor, _b: number): Tensor {
  return engine.relu(engine.sum(engine.mul(w, x)));
}
