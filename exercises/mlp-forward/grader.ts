// Grader for "mlp-forward": a single layer (which is also the last, so no
// ReLU at all), a 16-12-8-3 network (the lesson's 784-256-128-10 scaled down)
// with B = 1 and B = 5, an all-square network where layers applied in the
// wrong order still fit together, a deeper one with prime widths, and hidden
// random networks. The float64 reference carries a bound on the float32
// rounding error through the layers, which sets the tolerance.
import { Tensor, type Engine } from '../../src/engine/index';
import { defineTsGrader } from '../../src/grader/define';

type MlpForward = (engine: Engine, X: Tensor, layers: { W: Tensor; b: Tensor }[]) => unknown;

const F32_UNIT_ROUNDOFF = 2 ** -24;

const FIXED_WIDTHS: Record<number, number[]> = {
  1: [5, 3],
  2: [16, 12, 8, 3],
  3: [6, 6, 6, 6],
  4: [7, 11, 5, 13, 3, 2],
};

export default defineTsGrader({
  cases: [
    { name: 'one layer 5 → 3 (the last layer: no ReLU), B = 4', params: { widths: 1, B: 4 } },
    { name: '16-12-8-3 network, B = 1', params: { widths: 2, B: 1 } },
    { name: '16-12-8-3 network, B = 5', params: { widths: 2, B: 5 } },
    { name: 'square layers 6-6-6-6, B = 3', params: { widths: 3, B: 3 } },
    { name: 'deeper: 7-11-5-13-3-2, B = 3', params: { widths: 4, B: 3 } },
    { name: '16-12-8-3 network, batch of 32', params: { widths: 2, B: 32 }, hidden: true },
    { name: 'random network of 4 to 7 layers', params: { random: 1 }, hidden: true },
  ],
  async run({ learner, engine, params, rng }) {
    const widths = params.random
      ? Array.from({ length: rng.int(5, 8) }, () => rng.int(8, 64))
      : FIXED_WIDTHS[params.widths!]!;
    const B = params.random ? rng.int(16, 40) : params.B!;

    // He-style uniform weights, sqrt(6 / n): the values keep their size from
    // layer to layer through the ReLUs, and about half of every layer's sums
    // are negative, so a ReLU in the wrong place or a missing bias shows.
    const weights: Float32Array[] = [];
    const biases: Float32Array[] = [];
    for (let l = 1; l < widths.length; l++) {
      const [n, m] = [widths[l - 1]!, widths[l]!];
      const scale = Math.sqrt(6 / n);
      weights.push(rng.float32Array(m * n, -scale, scale));
      biases.push(rng.float32Array(m, -0.5, 0.5));
    }
    const xValues = rng.float32Array(B * widths[0]!, -1, 1);

    // Float64 forward pass, carrying for every entry a bound on how far a
    // float32 computation can be from it. A layer's entry is a dot product of
    // length n plus a bias: rounding adds at most (n + 2)·u·(Σ|W h| + |b|)
    // (u = 2^-24, any summation order), and an error e_k already in input k
    // reaches the output multiplied by |W_jk|. ReLU never increases an error.
    let h = Float64Array.from(xValues);
    let error = new Float64Array(h.length);
    for (let l = 0; l < weights.length; l++) {
      const [n, m] = [widths[l]!, widths[l + 1]!];
      const W = weights[l]!;
      const bias = biases[l]!;
      const next = new Float64Array(B * m);
      const nextError = new Float64Array(B * m);
      for (let i = 0; i < B; i++) {
        for (let j = 0; j < m; j++) {
          let z = bias[j]!;
          let magnitude = Math.abs(bias[j]!);
          let carried = 0;
          for (let k = 0; k < n; k++) {
            const w = W[j * n + k]!;
            z += w * h[i * n + k]!;
            magnitude += Math.abs(w * h[i * n + k]!);
            carried += Math.abs(w) * error[i * n + k]!;
          }
          next[i * m + j] = l < weights.length - 1 ? Math.max(0, z) : z;
          nextError[i * m + j] = carried + (n + 2) * F32_UNIT_ROUNDOFF * magnitude;
        }
      }
      h = next;
      error = nextError;
    }
    const outputs = widths[widths.length - 1]!;

    const layers = weights.map((W, l) => ({
      W: engine.tensor(W, [widths[l + 1]!, widths[l]!]),
      b: engine.tensor(biases[l]!, [widths[l + 1]!]),
    }));
    const X = engine.tensor(xValues, [B, widths[0]!]);
    const result = await (learner as unknown as MlpForward)(engine, X, layers);
    if (!(result instanceof Tensor)) {
      return { passed: false, explanation: `mlpForward must return a Tensor; it returned ${typeof result}` };
    }
    if (result.shape.length !== 2 || result.shape[0] !== B || result.shape[1] !== outputs) {
      return {
        passed: false,
        explanation: `expected shape [${B}, ${outputs}] (B examples × the last layer's ${outputs} outputs), got [${result.shape.join(', ')}]`,
      };
    }
    const got = await result.data();
    // The largest bound over all outputs. The plausible wrong answers (ReLU on
    // the output layer, layers in the wrong order, a skipped bias or ReLU) move
    // outputs by amounts comparable to the outputs themselves, orders of
    // magnitude above it.
    const atol = error.reduce((a, b) => Math.max(a, b), 0);
    return { got, expected: h, shape: [B, outputs], tolerance: { atol, rtol: 0 } };
  },
});
