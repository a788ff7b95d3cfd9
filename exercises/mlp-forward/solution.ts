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
  // h is always "the batch as the next layer sees it": [B, width of the
  // previous layer]. Each layer only ever reads the layer before it, which is
  // why the layers must run in order, first to last.
  let h = X;
  for (let i = 0; i < layers.length; i++) {
    const { W, b } = layers[i]!;
    // [B, n] @ [n, m] = [B, m]; b lines up with the last axis, one per neuron.
    h = engine.add(engine.matmul(h, engine.transpose(W)), b);
    // Hidden layers need the nonlinearity (without it the layers would collapse
    // into one linear map); the output layer returns raw scores, which may be
    // negative, so it gets none.
    if (i < layers.length - 1) h = engine.relu(h);
  }
  return h;
}
