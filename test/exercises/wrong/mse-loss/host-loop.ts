// Wrong: computes the right number in a JavaScript loop, so the loss is cut off from autograd (no gradient reaches pred).
import type { Engine, Tensor } from 'engine';

export async function mseLoss(engine: Engine, pred: Tensor, target: Tensor): Promise<Tensor> {
  const p = await pred.data();
  const t = await target.data();
  let sum = 0;
  for (let i = 0; i < p.length; i++) sum += (p[i]! - t[i]!) ** 2;
  return engine.tensor([sum / p.length], []);
}
