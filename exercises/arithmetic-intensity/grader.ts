// Grader for "arithmetic-intensity": both jobs on fixed sizes (1, small
// primes, powers of two, the lesson's N = 4096) and on random sizes up to
// 2^24, checked against the formulas in float64. Each quantity is checked on
// its own, so a failure names the one that is wrong.
import { Tensor } from '../../src/engine/index';
import { compareArrays } from '../../src/grader/compare';
import { defineTsGrader, type Tolerance } from '../../src/grader/define';

type Op = 'vector-add' | 'matmul';
type Learner = (engine: unknown, op: Op, sizes: Tensor) => unknown;

const FIXED_SIZES = [1, 2, 3, 7, 64, 97, 1000, 1024, 4096, 65537, 1000003];
const OPS: readonly Op[] = ['vector-add', 'matmul'];

/** The definitions in the prompt, in float64: the sizes are whole numbers below 2^24, exact in f32 and f64 alike. */
function expected(op: Op, n: number): { flops: number; bytes: number; intensity: number } {
  const flops = op === 'vector-add' ? n : 2 * n * n * n;
  const bytes = op === 'vector-add' ? 3 * 4 * n : 3 * 4 * n * n;
  return { flops, bytes, intensity: flops / bytes };
}

// A few f32 roundings (each <= 6e-8 relative) leave errors near 1e-7; engine.pow
// on a GPU goes through exp2/log2 with errors up to ~1e-5. The wrong answers
// this exercise is about are off by factors of 1.5 to 4, so 1e-4 separates them cleanly.
const TOLERANCE: Tolerance = { atol: 0, rtol: 1e-4 };

export default defineTsGrader({
  cases: [
    { name: 'vector add, fixed sizes', params: { op: 0 } },
    { name: 'matmul, fixed sizes', params: { op: 1 } },
    { name: 'vector add, size 1', params: { op: 0, one: 1 } },
    { name: 'matmul, N = 1', params: { op: 1, one: 1 } },
    { name: 'both jobs, 1,000 random sizes up to 2^24', params: { op: -1, count: 1000 }, hidden: true },
  ],
  async run({ learner, engine, params, rng }) {
    const ops = params.op! >= 0 ? [OPS[params.op!]!] : OPS;
    const sizes = params.count
      ? Array.from({ length: params.count }, () => rng.int(1, 2 ** 24))
      : params.one
        ? [1]
        : FIXED_SIZES;
    let largest = 0;
    for (const op of ops) {
      const input = engine.tensor(Float32Array.from(sizes), [sizes.length]);
      const result = await (learner as unknown as Learner)(engine, op, input);
      if (result === null || typeof result !== 'object' || result instanceof Tensor) {
        return { passed: false, explanation: `${op}: return an object { flops, bytes, intensity } of three tensors` };
      }
      for (const key of ['flops', 'bytes', 'intensity'] as const) {
        const value = (result as Record<string, unknown>)[key];
        if (!(value instanceof Tensor)) {
          return { passed: false, explanation: `${op}: ${key} must be a Tensor; it is ${value === undefined ? 'missing' : typeof value}` };
        }
        if (value.shape.length !== 1 || value.shape[0] !== sizes.length) {
          return { passed: false, explanation: `${op}: ${key} must have the shape of sizes, [${sizes.length}]; it has [${value.shape.join(', ')}]` };
        }
        const want = sizes.map((n) => expected(op, n)[key]);
        const comparison = compareArrays(want, await value.data(), { shape: [sizes.length], ...TOLERANCE });
        if (!comparison.pass) {
          return { passed: false, explanation: `${op}, ${key} for size ${sizes[comparison.worst!.flatIndex]}: ${comparison.message}` };
        }
        largest = Math.max(largest, comparison.maxRelError);
      }
    }
    return { passed: true, explanation: `FLOPs, bytes and intensity all match (largest relative error ${largest.toExponential(2)})` };
  },
});
