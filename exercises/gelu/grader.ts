// Grader for "gelu": the tanh approximation of GELU, elementwise. Hand-picked
// values cover both tails and the large inputs where tanh built from exp
// overflows to NaN; random cases cover the curved middle, where ReLU and
// slips in the formula (x² for x³) differ; sizes around the workgroup of 64
// catch a missing bounds guard through the padding of `out`.
import { defineWgslGrader } from '../../src/grader/define';

const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);
const HAND_PICKED = [
  0, 0.5, -0.5, 1, -1, 2, -2, 3, -3, 6, -6, 10, -10, 20, -20, 100, -100, 1000, -1000,
];

function gelu(x: number): number {
  return 0.5 * x * (1 + Math.tanh(SQRT_2_OVER_PI * (x + 0.044715 * x * x * x)));
}

export default defineWgslGrader({
  cases: [
    { name: 'n = 19 hand-picked values from −1000 to 1000', params: { n: HAND_PICKED.length, handPicked: 1 } },
    { name: 'n = 1', params: { n: 1 } },
    { name: 'n = 64 (one full workgroup)', params: { n: 64 } },
    { name: 'n = 65 (one element into a second workgroup)', params: { n: 65 } },
    { name: 'n = 1,000, values in [−12, 12]', params: { n: 1000 } },
    { name: 'random n = 65,537 (prime), some values up to ±500', params: { n: 65537, wide: 1 }, hidden: true },
  ],
  inputs: ({ n, handPicked, wide }, rng) => {
    if (handPicked) return { x: Float32Array.from(HAND_PICKED) };
    const x = rng.float32Array(n!, -12, 12);
    // One value in 16 far out in the tails: where exp(2u) overflows.
    if (wide) for (let i = 0; i < n!; i += 16) x[i] = rng.uniform(-500, 500);
    return { x };
  },
  // Slots past n keep their initial contents: only invocations without a guard would change them.
  reference: ({ x, out }) => {
    const expected = Float32Array.from(out!);
    (x as Float32Array).forEach((v, i) => (expected[i] = gelu(v)));
    return { out: expected };
  },
  // f32 rounding of v³, u and the product is a few 1e-7 relative; a GPU tanh
  // off by a few ulps (~1e-6 absolute, allowed by WGSL's accuracy rules) is
  // multiplied by |v|/2 <= 2.75 while tanh is not yet saturated (|v| < 5.5).
  // ReLU differs by up to 0.17 (at v ≈ −0.75), x² for x³ by more than 0.01.
  tolerance: { atol: 1e-5, rtol: 1e-5 },
});
