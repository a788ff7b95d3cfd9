// Wrong: dW = dYᵀ·X, which is the transpose of the right answer: shape [out, in] instead of [in, out].
import type { Engine, Tensor } from 'engine';

export function linearBackward(_engine: Engine, x: Tensor, w: Tensor, dy: Tensor): { dx: Tensor; dw: Tensor; db: Tensor } {
  return { dx: dy.matmul(w.transpose()), dw: dy.transpose().matmul(x), db: dy.sum(0) };
}
