// Wrong: adds the bias to every product before summing, so it is counted n times.
import type { Engine, Tensor } from 'engine';

export function neuron(engine: Engine, x: Tensor, w: Tensor, b: number): Tensor {
  return engine.relu(engine.sum(engine.add(engine.mul(w, x), b)));
}
