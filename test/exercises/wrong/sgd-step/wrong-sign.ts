// Wrong: adds the gradient (gradient ascent), which moves uphill and makes the loss grow.
import type { Engine, Tensor } from 'engine';

export function sgdStep(engine: Engine, params: Tensor[], lr: number): void {
  engine.tidy(() =>
    engine.noGrad(() => {
      for (const p of params) if (p.grad) p.assign(p.add(p.grad.mul(lr)));
    }),
  );
}
