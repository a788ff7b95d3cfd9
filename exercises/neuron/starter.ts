import type { Engine, Tensor } from 'engine';

/** One neuron: ReLU(w · x + b) as a one-element tensor. x and w have shape [n]; b is a number. */
export function neuron(engine: Engine, x: Tensor, w: Tensor, b: number): Tensor {
  // The products w_i * x_i, one per input.
  const products = engine.mul(w, x);
  // TODO: add up the products, add the bias b, and apply ReLU.
  return products;
}
