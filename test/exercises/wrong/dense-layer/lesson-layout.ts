// Wrong: computes the lesson's column layout ReLU(W Xᵀ + b), shape [m, B], without transposing back to [B, m].
import type { Engine, Tensor } from 'engine';

export function denseLayer(engine: Engine, W: Tensor, X: Tensor, b: Tensor): Tensor {
  const column = engine.reshape(b, [b.shape[0]!, 1]);
  return engine.relu(engine.add(engine.matmul(W, engine.transpose(X)), column));
}
