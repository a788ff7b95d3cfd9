// Grader for "mse-loss": the loss value against a float64 reference, then the
// gradient autograd derives from the learner's loss. Vectors (including a
// single element, where sum and mean agree) and matrices (where dividing by
// the number of rows instead of the number of elements shows up).
import { Tensor, type Engine } from '../../src/engine/index';
import { compareArrays } from '../../src/grader/compare';
import { defineTsGrader } from '../../src/grader/define';

type MseLoss = (engine: Engine, pred: Tensor, target: Tensor) => unknown;

// f32 subtraction and squaring are correctly rounded; the error comes from
// summing n positive terms in float32, which the engine does in up to 64
// serial chunks and a tree: for n = 62,500 at most about (62,500/64 + 6)
// roundings of 2^-24 each, about 6e-5 relative. The plausible wrong answers
// are off by factors (n, rows, squares vs absolute values), far outside it.
const VALUE_TOLERANCE = { atol: 0, rtol: 1e-4 };
// Each gradient element is 2 (p - t) / n from a few correctly rounded f32
// operations: a few ulps (1 ulp ≈ 6e-8 relative).
const GRAD_TOLERANCE = { atol: 1e-12, rtol: 1e-5 };

/** The engine with its built-in mseLoss switched off, so the learner writes the loss. */
function withoutBuiltIn(engine: Engine): Engine {
  return new Proxy(engine, {
    get(target, property) {
      if (property === 'mseLoss') {
        return () => {
          throw new Error('engine.mseLoss is switched off in this exercise: build the loss from sub, square and mean');
        };
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

export default defineTsGrader({
  cases: [
    { name: 'pred [1, 2, 3], target [1.5, 2, 1]', params: { fixed: 1 } },
    { name: 'one element', params: { rows: 1 } },
    { name: 'vector of 7', params: { rows: 7 } },
    { name: 'matrix [3, 5]', params: { rows: 3, cols: 5 } },
    { name: 'matrix [17, 13]', params: { rows: 17, cols: 13 } },
    { name: 'random matrix of up to 62,500 elements', params: { random: 1 }, hidden: true },
  ],
  async run({ learner, engine, params, rng }) {
    let shape: number[];
    let predValues: Float32Array;
    let targetValues: Float32Array;
    if (params.fixed) {
      shape = [3];
      predValues = Float32Array.of(1, 2, 3);
      targetValues = Float32Array.of(1.5, 2, 1);
    } else {
      shape = params.random ? [rng.int(150, 250), rng.int(150, 250)] : params.cols ? [params.rows!, params.cols] : [params.rows!];
      const n = shape.reduce((a, b) => a * b, 1);
      predValues = rng.float32Array(n, -3, 3);
      targetValues = rng.float32Array(n, -3, 3);
    }
    const n = predValues.length;
    let sumOfSquares = 0;
    const expectedGrad = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const diff = predValues[i]! - targetValues[i]!;
      sumOfSquares += diff * diff;
      expectedGrad[i] = (2 * diff) / n;
    }
    const expected = [sumOfSquares / n];

    const pred = engine.tensor(predValues, shape);
    pred.requiresGrad = true;
    const target = engine.tensor(targetValues, shape);
    try {
      const result = await (learner as unknown as MseLoss)(withoutBuiltIn(engine), pred, target);
      if (!(result instanceof Tensor)) {
        return { passed: false, explanation: `mseLoss must return a Tensor; it returned ${typeof result}` };
      }
      if (result.size !== 1) {
        return {
          passed: false,
          explanation: `mseLoss must return one number (a rank-0 tensor), but it returned shape [${result.shape.join(', ')}]: average over every element with .mean()`,
        };
      }
      const got = await result.data();
      const valueOutcome = { got, expected, shape: [], tolerance: VALUE_TOLERANCE };
      if (!compareArrays(expected, got, { shape: [], ...VALUE_TOLERANCE }).pass) return valueOutcome;

      if (!result.requiresGrad) {
        return {
          passed: false,
          explanation: 'The value is right, but autograd cannot differentiate it: it is not computed from pred with engine operations (or it was computed inside noGrad).',
        };
      }
      result.backward();
      if (!pred.grad) {
        return { passed: false, explanation: 'The value is right, but backward() from it does not reach pred.' };
      }
      const grad = await pred.grad.data();
      const gradCheck = compareArrays(expectedGrad, grad, { shape, ...GRAD_TOLERANCE });
      if (!gradCheck.pass) {
        return { passed: false, explanation: `The value is right, but its gradient with respect to pred is not: ${gradCheck.message}` };
      }
      return valueOutcome;
    } finally {
      // .grad outlives the case's scope (autograd keeps it), so free it here.
      pred.grad?.dispose();
      pred.grad = null;
    }
  },
});
