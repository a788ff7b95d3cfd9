import type { Engine, Tensor } from 'engine';

/** One neuron: ReLU(w · x + b) as a one-element tensor. x and w have shape [n]; b is a number. */
export function neuron(engine: Engine, x: Tensor, w: Tensor, b: number): Tensor {
  // The dot product is "multiply pairwise, then add up": mul pairs w_i with
  // x_i because both have shape [n], and sum over every axis leaves one number.
  const dot = engine.sum(engine.mul(w, x));
  // The bias is added once, after the sum. Adding it before summing would add
  // it n times.
  const z = engine.add(dot, b);
  // ReLU keeps a positive z and turns a negative one into exactly 0: the
  // neuron "stays silent" when its weighted input is below the threshold -b.
  return engine.relu(z);
}
