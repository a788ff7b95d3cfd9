// End to end: a 2-layer MLP fits the seeded 2-D spirals with Adam to >= 95%
// training accuracy, on each backend.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Adam, spirals, type Engine } from '../../../src/engine';
import { backends, createMlp } from './support';

/** Adam steps: at this seed both backends reach 100% training accuracy; the bar is 95%. */
const STEPS = 150;

describe.each(backends)('training ($name)', ({ create }) => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await create();
  });
  afterAll(() => engine?.dispose());

  it('a 2-64-2 MLP reaches >= 95% training accuracy on two spirals', async () => {
    const data = spirals({ pointsPerClass: 100, classes: 2, seed: 3 });
    const points = engine.tensor(data.points, [data.count, 2]);
    const labels = engine.tensor(data.labels);
    const model = createMlp(engine, [2, 64, 2], 11);
    const optimizer = new Adam(model.params, { lr: 0.03 });
    const start = performance.now();
    let firstLoss = NaN;
    let lastLoss = NaN;
    for (let step = 0; step < STEPS; step++) {
      const loss = engine.tidy(() => {
        optimizer.zeroGrad();
        const value = engine.crossEntropy(model.forward(points), labels);
        value.backward();
        optimizer.step();
        return value;
      });
      if (step === 0) firstLoss = await loss.item();
      if (step === STEPS - 1) lastLoss = await loss.item();
      loss.dispose();
    }
    const accuracy = await engine.tidy(() => model.forward(points).argmax(1).equal(labels).mean()).item();
    console.log(
      `${engine.backendName}: spirals loss ${firstLoss.toFixed(3)} -> ${lastLoss.toFixed(3)}, accuracy ${(accuracy * 100).toFixed(1)}%, ` +
        `${(performance.now() - start).toFixed(0)} ms for ${STEPS} steps`,
    );
    expect(lastLoss).toBeLessThan(firstLoss);
    expect(accuracy).toBeGreaterThanOrEqual(0.95);
    optimizer.zeroGrad();
    optimizer.dispose();
    for (const t of [points, labels, ...model.params]) t.dispose();
  });
});
