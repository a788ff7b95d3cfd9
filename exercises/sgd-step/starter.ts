import type { Engine, Tensor } from 'engine';

/** One gradient-descent step: p <- p - lr * p.grad for every parameter with a gradient, in place. */
export function sgdStep(engine: Engine, params: Tensor[], lr: number): void {
  engine.tidy(() =>
    engine.noGrad(() => {
      for (const p of params) {
        // TODO: skip p if p.grad is null; otherwise compute p - lr * p.grad and write it into p with p.assign(...).
      }
    }),
  );
}
