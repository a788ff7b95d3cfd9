// Grader for "sgd-step": parameters of several shapes with known gradients,
// one call, every parameter compared with p - lr * g computed in float64. A
// parameter without a gradient must stay as it was, and the updates must land
// in the grader's own tensor objects (in place, with assign).
import type { Engine, Tensor } from '../../src/engine/index';
import { defineTsGrader } from '../../src/grader/define';
import type { Rng } from '../../src/grader/random';

type SgdStep = (engine: Engine, params: Tensor[], lr: number) => unknown;

interface ParamSpec {
  readonly shape: number[];
  readonly values: Float32Array;
  /** null: the parameter has no gradient and must not change. */
  readonly grad: Float32Array | null;
}

function randomParam(rng: Rng, shape: number[], withGrad = true): ParamSpec {
  const size = shape.reduce((a, b) => a * b, 1);
  return { shape, values: rng.float32Array(size, -2, 2), grad: withGrad ? rng.normalFloat32Array(size, 0, 1) : null };
}

function paramsFor(caseId: number, rng: Rng): { specs: ParamSpec[]; lr: number } {
  switch (caseId) {
    case 0:
      return { specs: [{ shape: [4], values: Float32Array.of(1, -2, 0.5, 3), grad: Float32Array.of(0.5, -1, 2, -3) }], lr: 0.1 };
    case 1:
      return { specs: [randomParam(rng, [1])], lr: 2.5 };
    case 2:
      return { specs: [randomParam(rng, [3, 5]), randomParam(rng, [5])], lr: 0.05 };
    case 3:
      return { specs: [randomParam(rng, [7]), randomParam(rng, [4], false), randomParam(rng, [2, 3])], lr: 0.3 };
    default: {
      // A 2-64-64-3 MLP's weights and biases, one of them unused by the loss.
      const widths = [2, 64, 64, 3];
      const specs = widths.slice(1).flatMap((out, i) => [randomParam(rng, [widths[i]!, out]), randomParam(rng, [out], i !== 1)]);
      return { specs, lr: rng.uniform(0.01, 0.9) };
    }
  }
}

// Each element is one f32 multiply (lr · g) and one f32 subtraction, both
// correctly rounded: an error of about one ulp of the operands, at most about
// 1e-6 for values up to 10. Wrong sign or a missing lr miss by far more.
const TOLERANCE = { atol: 1e-6, rtol: 1e-6 };

export default defineTsGrader({
  cases: [
    { name: 'one parameter [4], lr = 0.1', params: { id: 0 } },
    { name: 'one element, lr = 2.5', params: { id: 1 } },
    { name: 'a layer: weights [3, 5] and bias [5], lr = 0.05', params: { id: 2 } },
    { name: 'three parameters, the second without a gradient, lr = 0.3', params: { id: 3 } },
    { name: 'a 2-64-64-3 MLP (4,611 numbers), random lr', params: { id: 4 }, hidden: true },
  ],
  async run({ learner, engine, params, rng }) {
    const { specs, lr } = paramsFor(params.id!, rng);
    const tensors = specs.map(({ shape, values, grad }) => {
      const p = engine.tensor(values, shape);
      p.requiresGrad = true;
      // Gradients normally come from backward(), which keeps them past every tidy; do the same.
      if (grad) p.grad = engine.keep(engine.tensor(grad, shape));
      return p;
    });
    try {
      await (learner as unknown as SgdStep)(engine, [...tensors], lr);
      const lr32 = Math.fround(lr);
      const expected: number[] = [];
      const got: number[] = [];
      const before: number[] = [];
      for (let k = 0; k < specs.length; k++) {
        const { values, grad } = specs[k]!;
        values.forEach((v, i) => expected.push(grad ? v - lr32 * grad[i]! : v));
        before.push(...values);
        got.push(...(await tensors[k]!.data()));
      }
      if (got.every((v, i) => v === before[i])) {
        return {
          passed: false,
          explanation: 'No parameter changed. Update each one in place with p.assign(newValue): a new tensor that you return or store elsewhere is not seen by whoever holds p.',
        };
      }
      return { got, expected, shape: [expected.length], tolerance: TOLERANCE };
    } finally {
      for (const p of tensors) {
        p.grad?.dispose();
        p.grad = null;
      }
    }
  },
});
