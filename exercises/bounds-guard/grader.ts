// Grader for "bounds-guard": ReLU on the first n of `cap` elements, with n in
// a uniform. The dispatch covers the whole capacity, `a` holds random stale
// values past n and `out` starts as poison everywhere, so any write past n
// (no guard, a guard on arrayLength, `<=`, a guard on the load only) shows.
import { defineWgslGrader } from '../../src/grader/define';

export default defineWgslGrader({
  cases: [
    { name: 'n = 0 of cap = 64 (nothing to do)', params: { n: 0, cap: 64 } },
    { name: 'n = 1 of cap = 64', params: { n: 1, cap: 64 } },
    { name: 'n = 64 of cap = 128 (one full workgroup of data)', params: { n: 64, cap: 128 } },
    { name: 'n = 37 of cap = 100', params: { n: 37, cap: 100 } },
    { name: 'n = 1,000 of cap = 1,024', params: { n: 1000, cap: 1024 } },
    { name: 'random n = 77,777 of cap = 98,304', params: { n: 77777, cap: 98304 }, hidden: true },
  ],
  // Both signs, so ReLU has something to clip; the stale tail of `a` is random too.
  inputs: ({ n, cap }, rng) => ({ a: rng.float32Array(cap!, -5, 5), params: Uint32Array.of(n!) }),
  reference: ({ a, out }, { n }) => {
    const expected = Float32Array.from(out!);
    for (let i = 0; i < n!; i++) expected[i] = Math.max(a![i]!, 0);
    return { out: expected };
  },
  // Exact: max returns one of its operands, so there is nothing to round.
  tolerance: { atol: 0, rtol: 0 },
});
