// Wrong: builds dX from the layer's input instead of the incoming gradient (x·w·wᵀ), so dY never reaches dX.
import type { Engine, Tensor } from 'engine';

export function linearBackward(_engine: Engine, x: Tensor, w: Tensor, dy: Tensor): { dx: Tensor; dw: Tensor; db: Tensor } {
  return { dx: x.matmul(w).matmul(w.transpose()), dw: x.transpose().matmul(dy), db: dy.sum(0) };
}
