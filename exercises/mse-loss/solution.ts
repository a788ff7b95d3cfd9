import type { Engine, Tensor } from 'engine';

/** Mean squared error: the average over every element of (pred - target)^2, as a one-number tensor. */
export function mseLoss(engine: Engine, pred: Tensor, target: Tensor): Tensor {
  // Squaring makes every error count as positive (errors of opposite sign
  // cannot cancel), and penalises large errors more than small ones.
  const squaredErrors = pred.sub(target).square();
  // The mean, not the sum: dividing by n makes the loss, and so its gradient,
  // independent of the batch size, so one learning rate suits any batch.
  // With no axes, mean() averages over every element of a matrix, not per row.
  // Every step is an engine op, so autograd records it and backward() can
  // derive dL/dpred = 2 (pred - target) / n without any code from us.
  return squaredErrors.mean();
}
