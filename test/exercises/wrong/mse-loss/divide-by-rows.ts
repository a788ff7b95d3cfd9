// Wrong: divides the sum by the number of rows (the batch size) instead of the number of elements.
import type { Engine, Tensor } from 'engine';

export function mseLoss(_engine: Engine, pred: Tensor, target: Tensor): Tensor {
  return pred.sub(target).square().sum().div(pred.shape[0]!);
}
