// Wrong: dX = dY·W without the transpose; on square weights (in = out) it has the right shape and no error is thrown.
import type { Engine, Tensor } from 'engine';

export function linearBackward(_engine: Engine, x: Tensor, w: Tensor, dy: Tensor): { dx: Tensor; dw: Tensor; db: Tensor } {
  // Avoid the shape error on non-square layers so that only the square cases reveal the bug.
  const dx = w.shape[0] === w.shape[1] ? dy.matmul(w) : dy.matmul(w.transpose());
  return { dx, dw: x.transpose().matmul(dy), db: dy.sum(0) };
}
