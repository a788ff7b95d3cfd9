// Wrong: scales the parameter by the learning rate instead of the gradient (p·lr − grad).
import type { Engine, Tensor } from 'engine';

export function sgdStep(engine: Engine, params: Tensor[], lr: number): void {
  engine.tidy(() =>
    engine.noGrad(() => {
      for (const p of params) if (p.grad) p.assign(p.mul(lr).sub(p.grad));
    }),
  );
}
