// Wrong: the loop condition is inverted (step > STEPS), so the loop never runs and the weights stay random.
import { SGD, type Engine, type Tensor } from 'engine';

const HIDDEN = 32;
const STEPS = 60;

/** Trains a 2-32-2 network on the spirals and returns its prediction function: [M, 2] points -> [M, 2] class scores. */
export async function trainSpirals(engine: Engine, points: Tensor, labels: Tensor): Promise<(x: Tensor) => Tensor> {
  // Parameters: random weights (fixed seeds, so runs repeat), zero biases.
  const w1 = engine.randn([2, HIDDEN], { seed: 1, std: 1 });
  const b1 = engine.zeros([HIDDEN]);
  const w2 = engine.randn([HIDDEN, 2], { seed: 2, std: Math.sqrt(1 / HIDDEN) });
  const b2 = engine.zeros([2]);
  const params = [w1, b1, w2, b2];
  for (const p of params) p.requiresGrad = true;

  // The model: one hidden layer with tanh, then two scores per point.
  const forward = (x: Tensor): Tensor => x.matmul(w1).add(b1).tanh().matmul(w2).add(b2);

  const optimizer = new SGD(params, { lr: 0.5, momentum: 0.9 });

  for (let step = 0; step > STEPS; step++) {
    engine.tidy(() => {
      optimizer.zeroGrad();
      const loss = engine.crossEntropy(forward(points), labels);
      loss.backward();
      optimizer.step();
    });
  }
  return forward;
}
