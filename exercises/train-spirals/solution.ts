import { SGD, type Engine, type Tensor } from 'engine';

const HIDDEN = 32;
const STEPS = 60;

/** Trains a 2-32-2 network on the spirals and returns its prediction function: [M, 2] points -> [M, 2] class scores. */
export async function trainSpirals(engine: Engine, points: Tensor, labels: Tensor): Promise<(x: Tensor) => Tensor> {
  // Parameters: random weights (fixed seeds, so runs repeat), zero biases.
  // Random, not zero: identical hidden units would get identical gradients
  // and stay identical forever.
  const w1 = engine.randn([2, HIDDEN], { seed: 1, std: 1 });
  const b1 = engine.zeros([HIDDEN]);
  const w2 = engine.randn([HIDDEN, 2], { seed: 2, std: Math.sqrt(1 / HIDDEN) });
  const b2 = engine.zeros([2]);
  const params = [w1, b1, w2, b2];
  for (const p of params) p.requiresGrad = true;

  // The model: one hidden layer with tanh, then two scores per point. The
  // spirals are not separable by a straight line, so the hidden layer's bends
  // are what make a fit possible at all.
  const forward = (x: Tensor): Tensor => x.matmul(w1).add(b1).tanh().matmul(w2).add(b2);

  // Momentum averages the recent gradients, so steps that agree add up and
  // steps that zigzag cancel: far fewer steps than plain SGD for this fit.
  const optimizer = new SGD(params, { lr: 0.5, momentum: 0.9 });

  for (let step = 0; step < STEPS; step++) {
    // tidy frees this step's activations, loss and temporary gradients; the
    // parameters (created outside) and their .grad survive it.
    engine.tidy(() => {
      // backward() adds to .grad, so the previous step's gradients must go
      // first, or every step would also follow all the old directions.
      optimizer.zeroGrad();
      // Forward pass on every point (one batch of N): autograd records each op.
      const loss = engine.crossEntropy(forward(points), labels);
      // Reverse pass: dLoss/dparam for all four tensors in one sweep.
      loss.backward();
      // Move each parameter against its gradient.
      optimizer.step();
    });
  }
  // Free the last gradients and the momentum buffers; the weights stay.
  optimizer.zeroGrad();
  optimizer.dispose();

  return forward;
}
