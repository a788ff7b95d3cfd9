import type { Engine, Tensor } from 'engine';

/**
 * Backward pass of Y = x·w + b. x is [B, in], w is [in, out], dy = dL/dY is
 * [B, out]. Returns dL/dx [B, in], dL/dw [in, out] and dL/db [out].
 */
export function linearBackward(engine: Engine, x: Tensor, w: Tensor, dy: Tensor): { dx: Tensor; dw: Tensor; db: Tensor } {
  const outputs = w.shape[1]!;
  // TODO: replace these zeros with the three gradients, using matmul,
  // transpose and sum. Each has the shape of the tensor it belongs to.
  const dx = engine.zerosLike(x);
  const dw = engine.zerosLike(w);
  const db = engine.zeros([outputs]);
  return { dx, dw, db };
}
