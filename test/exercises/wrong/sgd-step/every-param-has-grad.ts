// Wrong: assumes every parameter has a gradient, and fails on one that the loss did not use (p.grad is null).
import type { Engine, Tensor } from 'engine';

export function sgdStep(engine: Engine, params: Tensor[], lr: number): void {
  engine.tidy(() =>
    engine.noGrad(() => {
      for (const p of params) p.assign(p.sub(p.grad!.mul(lr)));
    }),
  );
}
