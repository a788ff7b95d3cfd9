// Grader for "neuron": the lesson's worked example, a hand-made silent neuron,
// and random neurons of sizes 1, primes and a few thousand, each built to
// either fire (z > 0) or stay silent (z < 0) whatever the seed.
import { Tensor, type Engine } from '../../src/engine/index';
import { defineTsGrader } from '../../src/grader/define';
import type { Rng } from '../../src/grader/random';

type Neuron = (engine: Engine, x: Tensor, w: Tensor, b: number) => unknown;

const F32_UNIT_ROUNDOFF = 2 ** -24;

/** A value with magnitude in [0.25, 2) and a random sign: every product w_i x_i matters. */
function signedValues(rng: Rng, n: number): Float32Array {
  return Float32Array.from({ length: n }, () => (rng.float() < 0.5 ? -1 : 1) * rng.uniform(0.25, 2));
}

interface NeuronCase {
  x: Float32Array;
  w: Float32Array;
  b: number;
}

/**
 * A random neuron whose sum z = w·x + b has the requested sign, by a margin
 * that grows like sqrt(n) (the typical size of w·x) so rounding never decides it.
 * Firing neurons have w·x < 0, so only the bias makes them fire: forgetting the
 * bias gives 0. Silent neurons have w·x > 0, so only the bias silences them:
 * forgetting ReLU gives a negative number.
 */
function randomNeuron(rng: Rng, n: number, fires: boolean): NeuronCase {
  const x = signedValues(rng, n);
  const w = signedValues(rng, n);
  let dot = 0;
  for (let i = 0; i < n; i++) dot += w[i]! * x[i]!;
  if ((fires && dot > 0) || (!fires && dot < 0)) {
    // Negating every weight negates w·x exactly (float32 negation is exact).
    for (let i = 0; i < n; i++) w[i] = -w[i]!;
    dot = -dot;
  }
  const margin = rng.uniform(0.5, 2) * Math.sqrt(n);
  const b = Math.fround(fires ? -dot + margin : -dot - margin);
  return { x, w, b };
}

function fixedNeuron(which: number): NeuronCase {
  if (which === 1) {
    // The lesson's worked example: z = 0.4 - 0.2 + 0.8 - 0.1 = 0.9.
    return { x: Float32Array.of(0.5, -1, 2), w: Float32Array.of(0.8, 0.2, 0.4), b: Math.fround(-0.1) };
  }
  // w·x = 1 + 1 + 1 + 0.75 = 3.75 and b = -4, so z = -0.25: the answer is 0.
  // Without the bias: 3.75; without ReLU: -0.25; bias added per input: -12.25.
  return { x: Float32Array.of(2, -1, 0.5, 3), w: Float32Array.of(0.5, -1, 2, 0.25), b: -4 };
}

export default defineTsGrader({
  cases: [
    { name: "lesson's example: x = (0.5, −1, 2), w = (0.8, 0.2, 0.4), b = −0.1", params: { fixed: 1 } },
    { name: 'silent neuron: w·x = 3.75, b = −4', params: { fixed: 2 } },
    { name: 'n = 1, fires', params: { n: 1, fires: 1 } },
    { name: 'n = 1, silent', params: { n: 1, fires: 0 } },
    { name: 'n = 7, silent', params: { n: 7, fires: 0 } },
    { name: 'n = 13, fires', params: { n: 13, fires: 1 } },
    { name: 'n = 31, silent', params: { n: 31, fires: 0 } },
    { name: 'n = 257, fires', params: { n: 257, fires: 1 } },
    { name: 'random n of a few thousand, fires', params: { random: 1, fires: 1 }, hidden: true },
    { name: 'random n of a few thousand, silent', params: { random: 1, fires: 0 }, hidden: true },
  ],
  async run({ learner, engine, params, rng }) {
    const n = params.random ? rng.int(2000, 5000) : (params.n ?? 0);
    const { x, w, b } = params.fixed ? fixedNeuron(params.fixed) : randomNeuron(rng, n, params.fires === 1);

    // Float64 reference from the float32 inputs (b is a float32 value too, so
    // the engine receives exactly the same numbers).
    let z = b;
    let magnitude = Math.abs(b);
    for (let i = 0; i < x.length; i++) {
      z += w[i]! * x[i]!;
      magnitude += Math.abs(w[i]! * x[i]!);
    }
    const expected = [Math.max(0, z)];

    const result = await (learner as unknown as Neuron)(engine, engine.tensor(x, [x.length]), engine.tensor(w, [w.length]), b);
    if (!(result instanceof Tensor)) {
      return { passed: false, explanation: `neuron must return a Tensor; it returned ${typeof result}` };
    }
    if (result.size !== 1) {
      return {
        passed: false,
        explanation: `neuron must return one number (shape [] or [1]), but it returned shape [${result.shape.join(', ')}]: add up the products w_i x_i into one sum`,
      };
    }
    const got = await result.data();
    // A float32 sum of n + 1 terms, in any order (serial, chunked or tree),
    // is within (n + 1)·u·Σ|term| of the exact sum (u = 2^-24), and each product
    // adds one more rounding of u·|w_i x_i|; ReLU never increases an error.
    // So (n + 2)·u·(Σ|w_i x_i| + |b|) bounds every correct float32 answer.
    // The wrong answers are off by at least the bias or the margin (>= 0.5·sqrt(n)),
    // far outside it.
    const atol = (x.length + 2) * F32_UNIT_ROUNDOFF * magnitude;
    return { got, expected, shape: [], tolerance: { atol, rtol: 0 } };
  },
});
