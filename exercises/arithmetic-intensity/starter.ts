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
    // n = sizes: c[i] = a[i] + b[i] for n elements.
    // TODO: FLOPs and bytes moved (a and b read once, c written once).
    flops = engine.zerosLike(sizes);
    bytes = engine.onesLike(sizes);
  } else {
    // N = sizes: C = A·B, all three N × N.
    // TODO: FLOPs (a multiply-add is 2 FLOPs) and bytes with ideal reuse.
    flops = engine.zerosLike(sizes);
    bytes = engine.onesLike(sizes);
  }
  // TODO: the intensity, FLOPs per byte.
  const intensity = engine.zerosLike(sizes);
  return { flops, bytes, intensity };
}
