// Wrong: squares the mean error instead of averaging the squared errors (errors of opposite sign cancel).
import type { Engine, Tensor } from 'engine';

export function mseLoss(_engine: Engine, pred: Tensor, target: Tensor): Tensor {
  return pred.sub(target).mean().square();
}
