// Grader for "train-spirals": the grader makes the data, the learner trains
// and hands back a predict function, and the grader measures the accuracy
// itself, on the training points in a shuffled order (so returning the labels
// in their original order, or a reported number, cannot pass).
import { spirals, Tensor, type Engine } from '../../src/engine/index';
import { defineTsGrader } from '../../src/grader/define';

type TrainSpirals = (engine: Engine, points: Tensor, labels: Tensor) => unknown;

/** The bar. The reference solution scores 95-100% on every data seed tried; an untrained network 50-65%. */
const PASS_ACCURACY = 0.9;

export default defineTsGrader({
  cases: [
    { name: 'two spirals, 100 points each', params: { pointsPerClass: 100 } },
    { name: 'two spirals, 150 points each, another seed', params: { pointsPerClass: 150 }, hidden: true },
  ],
  async run({ learner, engine, params, rng }) {
    const dataSeed = rng.int(1, 1_000_000_000);
    const data = spirals({ pointsPerClass: params.pointsPerClass!, classes: 2, seed: dataSeed });
    const points = engine.tensor(data.points, [data.count, 2]);
    const labels = engine.tensor(data.labels);

    const predict = await (learner as unknown as TrainSpirals)(engine, points, labels);
    if (typeof predict !== 'function') {
      return { passed: false, explanation: `trainSpirals must return a predict function; it returned ${typeof predict}` };
    }

    // Shuffle (Fisher-Yates, from the case's seed) before asking for predictions.
    const order = Array.from({ length: data.count }, (_, i) => i);
    for (let i = order.length - 1; i > 0; i--) {
      const j = rng.int(0, i);
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    const shuffled = new Float32Array(data.count * 2);
    order.forEach((from, to) => {
      shuffled[2 * to] = data.points[2 * from]!;
      shuffled[2 * to + 1] = data.points[2 * from + 1]!;
    });
    const x = engine.tensor(shuffled, [data.count, 2]);

    const scores = engine.noGrad(() => (predict as (x: Tensor) => unknown)(x));
    if (!(scores instanceof Tensor)) {
      const what = scores instanceof Promise ? 'a Promise (predict must be synchronous)' : typeof scores;
      return { passed: false, explanation: `predict(x) must return a Tensor of scores; it returned ${what}` };
    }
    if (scores.rank !== 2 || scores.shape[0] !== data.count || scores.shape[1] !== 2) {
      return {
        passed: false,
        explanation: `predict(x) for x of shape [${data.count}, 2] must return scores of shape [${data.count}, 2], one per class; got [${scores.shape.join(', ')}]`,
      };
    }
    const values = await scores.data();
    let correct = 0;
    order.forEach((from, row) => {
      const predicted = values[2 * row + 1]! > values[2 * row]! ? 1 : 0;
      if (predicted === data.labels[from]) correct++;
    });
    const accuracy = correct / data.count;
    const percent = (100 * accuracy).toFixed(1);
    return {
      passed: accuracy >= PASS_ACCURACY,
      explanation:
        accuracy >= PASS_ACCURACY
          ? `${correct} of ${data.count} points classified correctly (${percent}%, at least ${100 * PASS_ACCURACY}% needed; data seed ${dataSeed})`
          : `only ${correct} of ${data.count} points classified correctly (${percent}%; at least ${100 * PASS_ACCURACY}% needed; data seed ${dataSeed}). ` +
            'An untrained network scores about 50-65%: check that the loop runs, that gradients are cleared before backward(), and that the update goes downhill.',
    };
  },
});
