// Wrong: sums dY over axis 1 (across the outputs of each example) instead of over the batch, axis 0.
import type { Engine, Tensor } from 'engine';

export function linearBackward(_engine: Engine, x: Tensor, w: Tensor, dy: Tensor): { dx: Tensor; dw: Tensor; db: Tensor } {
  return { dx: dy.matmul(w.transpose()), dw: x.transpose().matmul(dy), db: dy.sum(1) };
}
