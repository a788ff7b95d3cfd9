// Grader for "linear-backward": dX = dY·Wᵀ, dW = Xᵀ·dY and db = column sums
// of dY, on layers chosen so that each plausible mistake shows. A batch of
// one, one input and one output test the edges. in = out makes dY·W (a
// missing transpose) the right shape, and B = in = out makes dY·Xᵀ and a sum
// over axis 1 the right shapes, so those give wrong values instead of shape
// errors. Each gradient is compared separately, and the verdict names the
// wrong ones. An engine error inside the learner's code (usually a shape
// mismatch in matmul) is re-thrown with the shapes involved; the harness
// reports it with the line number.
import { Tensor, type Engine } from '../../src/engine/index';
import { compareArrays } from '../../src/grader/compare';
import { defineTsGrader } from '../../src/grader/define';

type LinearBackward = (engine: Engine, x: Tensor, w: Tensor, dy: Tensor) => unknown;

const F32_UNIT_ROUNDOFF = 2 ** -24;
const GRADIENT_NAMES = ['dx', 'dw', 'db'] as const;
type GradientName = (typeof GRADIENT_NAMES)[number];

interface Expected {
  readonly values: Float64Array;
  readonly shape: readonly number[];
  /** Rounding allowance of a float32 sum of `terms` terms, any order, for the largest entry. */
  readonly atol: number;
}

/** Float64 references for the three gradients, with each one's rounding allowance. */
function referenceGradients(B: number, nIn: number, nOut: number, x: Float32Array, w: Float32Array, dy: Float32Array): Record<GradientName, Expected> {
  // A float32 sum of K products, in any order, is within (K + 2)·u·Σ|term|
  // of the exact value (K − 1 additions and one rounding per product).
  const allowance = (terms: number, magnitude: number): number => (terms + 2) * F32_UNIT_ROUNDOFF * magnitude;

  const dx = new Float64Array(B * nIn);
  let dxMagnitude = 0;
  for (let i = 0; i < B; i++) {
    for (let k = 0; k < nIn; k++) {
      let sum = 0;
      let magnitude = 0;
      for (let j = 0; j < nOut; j++) {
        const term = dy[i * nOut + j]! * w[k * nOut + j]!;
        sum += term;
        magnitude += Math.abs(term);
      }
      dx[i * nIn + k] = sum;
      dxMagnitude = Math.max(dxMagnitude, magnitude);
    }
  }

  const dw = new Float64Array(nIn * nOut);
  let dwMagnitude = 0;
  for (let k = 0; k < nIn; k++) {
    for (let j = 0; j < nOut; j++) {
      let sum = 0;
      let magnitude = 0;
      for (let i = 0; i < B; i++) {
        const term = x[i * nIn + k]! * dy[i * nOut + j]!;
        sum += term;
        magnitude += Math.abs(term);
      }
      dw[k * nOut + j] = sum;
      dwMagnitude = Math.max(dwMagnitude, magnitude);
    }
  }

  const db = new Float64Array(nOut);
  let dbMagnitude = 0;
  for (let j = 0; j < nOut; j++) {
    let sum = 0;
    let magnitude = 0;
    for (let i = 0; i < B; i++) {
      sum += dy[i * nOut + j]!;
      magnitude += Math.abs(dy[i * nOut + j]!);
    }
    db[j] = sum;
    dbMagnitude = Math.max(dbMagnitude, magnitude);
  }

  return {
    dx: { values: dx, shape: [B, nIn], atol: allowance(nOut, dxMagnitude) },
    dw: { values: dw, shape: [nIn, nOut], atol: allowance(B, dwMagnitude) },
    db: { values: db, shape: [nOut], atol: allowance(B, dbMagnitude) },
  };
}

const shapeText = (shape: readonly number[]): string => `[${shape.join(', ')}]`;

export default defineTsGrader({
  cases: [
    { name: 'B = 2, in = 3, out = 2 (small integers)', params: { B: 2, in: 3, out: 2, fixed: 1 } },
    { name: 'a batch of one: B = 1, in = 3, out = 4', params: { B: 1, in: 3, out: 4 } },
    { name: 'one input: B = 4, in = 1, out = 3', params: { B: 4, in: 1, out: 3 } },
    { name: 'one output: B = 5, in = 3, out = 1', params: { B: 5, in: 3, out: 1 } },
    { name: 'square weights: B = 3, in = out = 5', params: { B: 3, in: 5, out: 5 } },
    { name: 'everything square: B = in = out = 6', params: { B: 6, in: 6, out: 6 } },
    { name: 'primes: B = 13, in = 7, out = 11', params: { B: 13, in: 7, out: 11 } },
    { name: 'random layer, batch of about 48', params: { random: 1 }, hidden: true },
  ],
  async run({ learner, engine, params, rng }) {
    const [B, nIn, nOut] = params.random
      ? [rng.int(32, 64), rng.int(48, 96), rng.int(24, 72)]
      : [params.B!, params.in!, params.out!];
    let xValues: Float32Array, wValues: Float32Array, dyValues: Float32Array;
    if (params.fixed) {
      // Small integers: every gradient is an exact small integer, easy to check by hand.
      xValues = Float32Array.of(1, 2, 0, -1, 3, 2);
      wValues = Float32Array.of(1, -1, 2, 0, -2, 1);
      dyValues = Float32Array.of(1, 2, -1, 3);
    } else {
      // Weights scaled by 1/sqrt(in) as networks are initialised; dy of both
      // signs, so that summing over the wrong axis or the wrong transpose
      // changes values by about their own size.
      xValues = rng.float32Array(B * nIn, -1, 1);
      wValues = rng.float32Array(nIn * nOut, -1 / Math.sqrt(nIn), 1 / Math.sqrt(nIn));
      dyValues = rng.normalFloat32Array(B * nOut, 0, 1);
    }
    const expected = referenceGradients(B, nIn, nOut, xValues, wValues, dyValues);
    const x = engine.tensor(xValues, [B, nIn]);
    const w = engine.tensor(wValues, [nIn, nOut]);
    const dy = engine.tensor(dyValues, [B, nOut]);

    let result: unknown;
    try {
      result = await (learner as unknown as LinearBackward)(engine, x, w, dy);
    } catch (error) {
      // Keep the learner's stack (it carries the line number) and add the shapes.
      if (error instanceof Error) {
        error.message +=
          ` (here x is ${shapeText([B, nIn])} = [B, in], w is ${shapeText([nIn, nOut])} = [in, out], dy is ${shapeText([B, nOut])} = [B, out];` +
          ' dx must be [B, in], dw [in, out], db [out]: arrange each product so that its inner dimensions match)';
      }
      throw error;
    }

    if (typeof result !== 'object' || result === null) {
      return { passed: false, explanation: `linearBackward must return an object { dx, dw, db } of tensors; it returned ${result === null ? 'null' : typeof result}` };
    }
    const returned = result as Partial<Record<GradientName, unknown>>;
    const problems: string[] = [];
    const errors: string[] = [];
    for (const name of GRADIENT_NAMES) {
      const want = expected[name];
      const got = returned[name];
      if (!(got instanceof Tensor)) {
        problems.push(`${name} is missing: return a Tensor of shape ${shapeText(want.shape)} under the key "${name}"`);
        continue;
      }
      if (shapeText(got.shape) !== shapeText(want.shape)) {
        problems.push(`${name} has shape ${shapeText(got.shape)}, expected ${shapeText(want.shape)}`);
        continue;
      }
      const comparison = compareArrays(want.values, await got.data(), { shape: want.shape, atol: want.atol, rtol: 0 });
      if (!comparison.pass) problems.push(`${name} is wrong: ${comparison.message}`);
      else errors.push(`${name} ${comparison.maxAbsError.toExponential(1)}`);
    }
    if (problems.length > 0) return { passed: false, explanation: problems.join('. ') };
    return { passed: true, explanation: `dx, dw and db all match (max |error|: ${errors.join(', ')})` };
  },
});
