// Wrong: sums the squared errors instead of averaging them (the loss grows with n).
import type { Engine, Tensor } from 'engine';

export function mseLoss(_engine: Engine, pred: Tensor, target: Tensor): Tensor {
  return pred.sub(target).square().sum();
}
