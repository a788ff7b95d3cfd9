import type { Engine, Tensor } from 'engine';

/**
 * The roofline bound for each case i: peak[i] GFLOP/s, bandwidth[i] GB/s,
 * intensity[i] FLOP/B. Returns the attainable GFLOP/s and a 0/1 flag that is 1
 * where memory bandwidth is the tighter limit.
 */
export function roofline(
  engine: Engine,
  peak: Tensor,
  bandwidth: Tensor,
  intensity: Tensor,
): { attainable: Tensor; bandwidthBound: Tensor } {
  // TODO: the GFLOP/s that memory can feed, and the smaller of the two ceilings.
  const attainable = peak;
  // TODO: 1 where bandwidth × intensity < peak (strictly), else 0.
  const bandwidthBound = engine.zerosLike(peak);
  return { attainable, bandwidthBound };
}
