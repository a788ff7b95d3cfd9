import type { Engine, Tensor } from 'engine';

const BYTES_PER_F32 = 4;

/** FLOPs, bytes moved and arithmetic intensity (FLOP/B) of `op` for every size in `sizes`. */
export function arithmeticIntensity(
  engine: Engine,
  op: 'vector-add' | 'matmul',
  sizes: Tensor,
): { flops: Tensor; bytes: Tensor; intensity: Tensor } {
  let flops: Tensor;
  let bytes: Tensor;
  if (op === 'vector-add') {
    // One addition per element, and every element of a, b and c crosses the
    // memory bus exactly once: 3 floats of traffic for each FLOP. Nothing is
    // reused, so no cache or clever ordering can improve on 1/12 FLOP/B.
    flops = engine.mul(1, sizes);
    bytes = engine.mul(3 * BYTES_PER_F32, sizes);
  } else {
    // N² outputs × N multiply-adds × 2 FLOPs (one multiply, one add): 2N³.
    const cube = engine.mul(sizes, engine.mul(sizes, sizes));
    flops = engine.mul(2, cube);
    // Ideal reuse: each of the 3N² matrix elements moves once (A and B in, C
    // out), however many times the arithmetic uses it. Work grows as N³ and
    // traffic only as N², which is why the intensity, N/6, grows with N.
    bytes = engine.mul(3 * BYTES_PER_F32, engine.mul(sizes, sizes));
  }
  const intensity = engine.div(flops, bytes);
  return { flops, bytes, intensity };
}
