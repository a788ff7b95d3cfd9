// Grader for "sgd-momentum": v' = mu*v + g and w' = w - lr*v', written to
// out[0, n) and out[n, 2n). The cases cover a first step (v = 0, where
// stepping along the old velocity leaves w unchanged), mu = 0 (plain SGD),
// and random velocities with lr != mu (so reading the uniform's fields in the
// wrong order shows). `out` is padded up to where an unguarded invocation
// would write, and the padding must keep its initial contents.
import { defineWgslGrader } from '../../src/grader/define';
import type { Rng } from '../../src/grader/random';

const f32Bits = (x: number): number => new Uint32Array(Float32Array.of(x).buffer)[0]!;

interface Setting {
  readonly w: Float32Array;
  readonly grad: Float32Array;
  readonly v: Float32Array;
  readonly lr: number;
  readonly momentum: number;
}

function settingFor(n: number, kind: number, rng: Rng): Setting {
  switch (kind) {
    case 0: // the prompt's worked example is element 0
      return {
        w: Float32Array.of(1, -2, 0.5, 3),
        grad: Float32Array.of(0.5, -1, 2, -3),
        v: Float32Array.of(0.25, 0, -1, 1),
        lr: 0.1,
        momentum: 0.9,
      };
    case 1: // the first step: no velocity yet
      return { w: rng.float32Array(n, -2, 2), grad: rng.normalFloat32Array(n, 0, 1), v: new Float32Array(n), lr: 0.05, momentum: 0.9 };
    case 2: // momentum 0: plain SGD, the new velocity is the gradient
      return { w: rng.float32Array(n, -2, 2), grad: rng.normalFloat32Array(n, 0, 1), v: rng.float32Array(n, -1, 1), lr: 0.25, momentum: 0 };
    default: {
      const lr = rng.uniform(0.01, 0.4);
      const momentum = rng.uniform(0.5, 0.99);
      return { w: rng.float32Array(n, -2, 2), grad: rng.normalFloat32Array(n, 0, 1), v: rng.float32Array(n, -1, 1), lr, momentum };
    }
  }
}

export default defineWgslGrader({
  cases: [
    { name: 'n = 4, lr = 0.1, momentum = 0.9 (by hand)', params: { n: 4, kind: 0 } },
    { name: 'n = 1, momentum = 0 (plain SGD)', params: { n: 1, kind: 2 } },
    { name: 'n = 64, first step (v = 0)', params: { n: 64, kind: 1 } },
    { name: 'n = 65, random lr and momentum', params: { n: 65, kind: 3 } },
    { name: 'n = 257 (prime), momentum = 0', params: { n: 257, kind: 2 } },
    { name: 'n = 1,009 (prime), random lr and momentum', params: { n: 1009, kind: 3 } },
    { name: 'random n = 50,021', params: { n: 50021, kind: 3 }, hidden: true },
  ],
  inputs: ({ n, kind }, rng) => {
    const { w, grad, v, lr, momentum } = settingFor(n!, kind!, rng);
    return { w, grad, v, params: Uint32Array.of(n!, f32Bits(lr), f32Bits(momentum)) };
  },
  // Each operation rounded to f32 as the kernel computes it; the padding after
  // 2n keeps its initial contents.
  reference: ({ w, grad, v, out, params }, { n }) => {
    const words = new Float32Array(params!.buffer, params!.byteOffset, 3);
    const lr = words[1]!;
    const momentum = words[2]!;
    const expected = Float32Array.from(out!);
    for (let i = 0; i < n!; i++) {
      const vNew = Math.fround(Math.fround(momentum * v![i]!) + grad![i]!);
      expected[i] = Math.fround(w![i]! - Math.fround(lr * vNew));
      expected[n! + i] = vNew;
    }
    return { out: expected };
  },
  // The reference rounds every multiply and add to f32. A GPU may fuse a
  // multiply and an add into one fma (one rounding instead of two), which
  // moves a result by at most about one ulp of the operands: with |v| <= 1,
  // |g| of a few units and |w| <= 2, below 1e-6 absolute. The wrong answers
  // (old velocity, + instead of -, no decay, swapped fields) differ by
  // lr·|g| or more, orders of magnitude above that.
  tolerance: { atol: 1e-6, rtol: 1e-6 },
  shape: (name, { n }) => (name === 'out' ? [n! + Math.ceil(n! / 64) * 64] : [n!]),
});
