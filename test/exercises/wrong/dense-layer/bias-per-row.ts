// Wrong: broadcasts the bias along the wrong axis, adding b[i] to row i (example i) instead of b[j] to column j (neuron j).
import type { Engine, Tensor } from 'engine';

export function denseLayer(engine: Engine, W: Tensor, X: Tensor, b: Tensor): Tensor {
  const column = engine.reshape(b, [b.shape[0]!, 1]);
  return engine.relu(engine.add(engine.matmul(X, engine.transpose(W)), column));
}
