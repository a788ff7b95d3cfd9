// Wrong: dW = dY·Xᵀ, the operands in the wrong order: [B, out] @ [in, B] throws a matmul shape error unless out = in (and is [B, B] even then).
import type { Engine, Tensor } from 'engine';

export function linearBackward(_engine: Engine, x: Tensor, w: Tensor, dy: Tensor): { dx: Tensor; dw: Tensor; db: Tensor } {
  return { dx: dy.matmul(w.transpose()), dw: dy.matmul(x.transpose()), db: dy.sum(0) };
}
