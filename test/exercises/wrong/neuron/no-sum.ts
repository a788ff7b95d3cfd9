// Wrong: never adds up the products, returning ReLU(w_i x_i + b) for each input (shape [n]).
import type { Engine, Tensor } from 'engine';

export function neuron(engine: Engine, x: Tensor, w: Tensor, b: number): Tensor {
  return engine.relu(engine.add(engine.mul(w, x), b));
}
