// Grader for "block-stride": an in-place SGD step w[i] -= lr·g[i] over n
// weights with a small grid of `groups` workgroups of 64. Because the update
// is in place, visiting an element twice (a stride of 64 instead of the whole
// grid) or not at all (no loop, a hard-coded stride of 256 on a grid of 3
// workgroups, chunks rounded down) changes the result. The 64 values after
// the weights must keep their initial contents, which catches `i <= n`.
import { defineWgslGrader } from '../../src/grader/define';

const f32Bits = (x: number): number => new Uint32Array(Float32Array.of(x).buffer)[0]!;

export default defineWgslGrader({
  cases: [
    { name: 'n = 1, 4 workgroups', params: { n: 1, groups: 4 } },
    { name: 'n = 256, 4 workgroups (one element each)', params: { n: 256, groups: 4 } },
    { name: 'n = 1,000, 1 workgroup', params: { n: 1000, groups: 1 } },
    { name: 'n = 4,099 (prime), 3 workgroups', params: { n: 4099, groups: 3 } },
    { name: 'n = 10,000, 4 workgroups', params: { n: 10000, groups: 4 } },
    { name: 'random n = 99,991, 4 workgroups', params: { n: 99991, groups: 4 }, hidden: true },
  ],
  inputs: ({ n }, rng) => {
    // A power of two, so lr·g is exact (see the tolerance).
    const lr = 2 ** -rng.int(1, 4);
    return {
      // The 64 values past n are "another tensor": random, and never to be touched.
      w: rng.float32Array(n! + 64, -1, 1),
      // Gradients of magnitude >= 0.25, so a skipped or doubled step always shows.
      g: Float32Array.from(rng.float32Array(n!, 0.25, 1), (v) => (rng.int(0, 1) ? v : -v)),
      params: Uint32Array.of(n!, f32Bits(lr)),
    };
  },
  reference: ({ w, g, params }, { n }) => {
    const lr = new Float32Array(params!.buffer, params!.byteOffset, 2)[1]!;
    const expected = Float32Array.from(w!);
    for (let i = 0; i < n!; i++) expected[i] = Math.fround(w![i]! - lr * g![i]!);
    return { w: expected };
  },
  // Exact: lr is a power of two, so lr·g is exact in f32 and the subtraction
  // is the only rounding, fused into an fma or not. Math.fround of the double
  // result is that same f32 (lr·g is exact in double too, and rounding one
  // subtraction first to double, then to f32, equals rounding it once).
  tolerance: { atol: 0, rtol: 0 },
});
