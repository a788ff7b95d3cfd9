// Wrong: subtracts the whole gradient; the learning rate is never applied.
import type { Engine, Tensor } from 'engine';

export function sgdStep(engine: Engine, params: Tensor[], _lr: number): void {
  engine.tidy(() =>
    engine.noGrad(() => {
      for (const p of params) if (p.grad) p.assign(p.sub(p.grad));
    }),
  );
}
