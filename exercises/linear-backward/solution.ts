import type { Engine, Tensor } from 'engine';

/**
 * Backward pass of Y = x·w + b. x is [B, in], w is [in, out], dy = dL/dY is
 * [B, out]. Returns dL/dx [B, in], dL/dw [in, out] and dL/db [out].
 */
export function linearBackward(_engine: Engine, x: Tensor, w: Tensor, dy: Tensor): { dx: Tensor; dw: Tensor; db: Tensor } {
  // Y[i][j] = sum_k x[i][k] w[k][j] + b[j]. Input x[i][k] reaches every
  // output of row i, Y[i][j], through weight w[k][j], so by the chain rule
  // dx[i][k] = sum_j dy[i][j] w[k][j]: row i of dy dotted with row k of w,
  // which is the product dy · wᵀ ([B, out] @ [out, in] = [B, in]).
  const dx = dy.matmul(w.transpose());
  // Weight w[k][j] links input k to output j in every example of the batch,
  // so its gradient adds up x[i][k] dy[i][j] over the examples i: column k
  // of x dotted with column j of dy, the product xᵀ · dy ([in, B] @ [B, out]).
  const dw = x.transpose().matmul(dy);
  // b[j] is added to Y[i][j] for every row i with slope 1, so its gradient
  // is column j of dy summed over the batch: a reduction over axis 0.
  const db = dy.sum(0);
  return { dx, dw, db };
}
