import type { Engine, Tensor } from 'engine';

/** One gradient-descent step: p <- p - lr * p.grad for every parameter with a gradient, in place. */
export function sgdStep(engine: Engine, params: Tensor[], lr: number): void {
  // noGrad: the update is not part of the function being differentiated, so
  // autograd must not record it. tidy: frees lr * grad and the new value once
  // assign has taken the new value's storage into p.
  engine.tidy(() =>
    engine.noGrad(() => {
      for (const p of params) {
        // A parameter the loss did not use has no gradient: nothing to do.
        if (!p.grad) continue;
        // The gradient points uphill (the direction in which the loss grows
        // fastest), so subtracting it moves downhill. lr scales the step: the
        // gradient gives a direction and a steepness, not a distance.
        const next = p.sub(p.grad.mul(lr));
        // assign overwrites p's values but keeps the object, so the model
        // (and anyone else holding p) computes with the new weights.
        p.assign(next);
      }
    }),
  );
}
