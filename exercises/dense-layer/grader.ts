// Grader for "dense-layer": the lesson's two-neuron example, then random
// layers of many shapes: 1 × 1, a batch of one, primes, a square W (where a
// forgotten transpose still has the right shape) and B = m (where a bias
// broadcast along the wrong axis still has the right shape).
import { Tensor, type Engine } from '../../src/engine/index';
import { defineTsGrader } from '../../src/grader/define';

type DenseLayer = (engine: Engine, W: Tensor, X: Tensor, b: Tensor) => unknown;

const F32_UNIT_ROUNDOFF = 2 ** -24;

export default defineTsGrader({
  cases: [
    { name: "lesson's example: 2 neurons, 3 inputs, B = 1", params: { fixed: 1 } },
    { name: '1 × 1 layer, B = 3', params: { B: 3, m: 1, n: 1 } },
    { name: 'B = 1, m = 3, n = 5', params: { B: 1, m: 3, n: 5 } },
    { name: 'square W: B = 4, m = n = 7', params: { B: 4, m: 7, n: 7 } },
    { name: 'B = m = 5, n = 3', params: { B: 5, m: 5, n: 3 } },
    { name: 'primes: B = 13, m = 11, n = 17', params: { B: 13, m: 11, n: 17 } },
    { name: 'B = m = n = 37', params: { B: 37, m: 37, n: 37 }, hidden: true },
    { name: 'random layer, batch of about 64', params: { random: 1 }, hidden: true },
  ],
  async run({ learner, engine, params, rng }) {
    let B: number, m: number, n: number;
    let wValues: Float32Array, xValues: Float32Array, bValues: Float32Array;
    if (params.fixed) {
      [B, m, n] = [1, 2, 3];
      wValues = Float32Array.of(0.8, 0.2, 0.4, -0.5, 0.3, 0.1);
      xValues = Float32Array.of(0.5, -1, 2);
      bValues = Float32Array.of(-0.1, 0.2);
    } else {
      [B, m, n] = params.random ? [rng.int(48, 80), rng.int(64, 128), rng.int(128, 256)] : [params.B!, params.m!, params.n!];
      // Weights scaled by 1/sqrt(n), as networks are initialised, so that the
      // sums and the biases are of similar size and about half the sums are
      // negative: a missing bias or a missing ReLU changes many entries.
      const scale = 1 / Math.sqrt(n);
      wValues = rng.float32Array(m * n, -scale, scale);
      xValues = rng.float32Array(B * n, -1, 1);
      bValues = rng.float32Array(m, -0.5, 0.5);
    }

    // Float64 reference and, per entry, the size of what the float32 sum adds up.
    const expected = new Float64Array(B * m);
    let largest = 0;
    for (let i = 0; i < B; i++) {
      for (let j = 0; j < m; j++) {
        let z = bValues[j]!;
        let magnitude = Math.abs(bValues[j]!);
        for (let k = 0; k < n; k++) {
          const product = xValues[i * n + k]! * wValues[j * n + k]!;
          z += product;
          magnitude += Math.abs(product);
        }
        expected[i * m + j] = Math.max(0, z);
        largest = Math.max(largest, magnitude);
      }
    }

    const W = engine.tensor(wValues, [m, n]);
    const X = engine.tensor(xValues, [B, n]);
    const b = engine.tensor(bValues, [m]);
    const result = await (learner as unknown as DenseLayer)(engine, W, X, b);
    if (!(result instanceof Tensor)) {
      return { passed: false, explanation: `denseLayer must return a Tensor; it returned ${typeof result}` };
    }
    if (result.shape.length !== 2 || result.shape[0] !== B || result.shape[1] !== m) {
      return {
        passed: false,
        explanation: `expected shape [${B}, ${m}] (B examples × m neurons), got [${result.shape.join(', ')}]`,
      };
    }
    const got = await result.data();
    // Each entry is a float32 dot product of length n plus a bias: any order of
    // summation stays within (n + 1)·u·Σ|term| of the exact value, plus one
    // rounding u·|term| per product (u = 2^-24); ReLU never increases an error.
    // The wrong answers (transposed W, no bias, bias per row, no ReLU) change
    // entries by amounts of the order of the values themselves.
    const atol = (n + 2) * F32_UNIT_ROUNDOFF * largest;
    return { got, expected, shape: [B, m], tolerance: { atol, rtol: 0 } };
  },
});
