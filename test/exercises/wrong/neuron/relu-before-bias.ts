// Wrong: applies ReLU to the dot product and adds the bias afterwards: ReLU(w · x) + b.
import type { Engine, Tensor } from 'engine';

export function neuron(engine: Engine, x: Tensor, w: Tensor, b: number): Tensor {
  return engine.add(engine.relu(engine.sum(engine.mul(w, x))), b);
}
