import type { Engine, Tensor } from 'engine';

/** One layer: W is [m, n] (one row per neuron), b is [m]. */
export interface Layer {
  W: Tensor;
  b: Tensor;
}

/**
 * The forward pass of a multilayer perceptron on a batch X of shape [B, n₀]
 * (one example per row): ReLU after every layer except the last.
 */
export function mlpForward(engine: Engine, X: Tensor, layers: Layer[]): Tensor {
  let h = X;
  for (let i = 0; i < layers.length; i++) {
    const { W, b } = layers[i]!;
    // TODO: replace h by this layer's output, h Wᵀ + b, followed by ReLU
    // unless this is the last layer.
    void W;
    void b;
  }
  return h;
}
