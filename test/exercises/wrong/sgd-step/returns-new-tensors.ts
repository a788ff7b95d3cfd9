// Wrong: computes the new values as new tensors and returns them; the parameters themselves are never updated.
import type { Engine, Tensor } from 'engine';

export function sgdStep(engine: Engine, params: Tensor[], lr: number): Tensor[] {
  return engine.noGrad(() => params.map((p) => (p.grad ? p.sub(p.grad.mul(lr)) : p)));
}
