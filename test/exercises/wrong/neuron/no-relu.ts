// Wrong: forgets the activation, so a silent neuron outputs its negative sum instead of 0.
import type { Engine, Tensor } from 'engine';

export function neuron(engine: Engine, x: Tensor, w: Tensor, b: number): Tensor {
  return engine.add(engine.sum(engine.mul(w, x)), b);
}
