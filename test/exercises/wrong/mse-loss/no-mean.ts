// Wrong: returns the squared error of every element; the mean (the reduction to one number) is missing.
import type { Engine, Tensor } from 'engine';

export function mseLoss(_engine: Engine, pred: Tensor, target: Tensor): Tensor {
  return pred.sub(target).square();
}
