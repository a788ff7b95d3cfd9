// Wrong: mean absolute error, |pred - target|, instead of the squared error.
import type { Engine, Tensor } from 'engine';

export function mseLoss(_engine: Engine, pred: Tensor, target: Tensor): Tensor {
  return pred.sub(target).abs().mean();
}
