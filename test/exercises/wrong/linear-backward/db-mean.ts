// Wrong: averages dY over the batch instead of summing it (the 1/B of a mean loss is already inside dY).
import type { Engine, Tensor } from 'engine';

export function linearBackward(_engine: Engine, x: Tensor, w: Tensor, dy: Tensor): { dx: Tensor; dw: Tensor; db: Tensor } {
  return { dx: dy.matmul(w.transpose()), dw: x.transpose().matmul(dy), db: dy.mean(0) };
}
