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
  // Memory delivers `bandwidth` GB each second and every byte feeds
  // `intensity` FLOPs, so memory alone can sustain bandwidth × intensity
  // GFLOP/s: the sloped roof.
  const memoryLimit = engine.mul(bandwidth, intensity);
  // The kernel cannot beat either limit, so it gets the lower one.
  const attainable = engine.minimum(peak, memoryLimit);
  // Bandwidth-bound means memory is strictly the lower roof. Comparing the
  // product with the peak (not intensity with peak / bandwidth) uses only a
  // correctly rounded multiply, so an exact ridge point stays exact and counts
  // as compute-bound, as the strict < demands.
  const bandwidthBound = engine.less(memoryLimit, peak);
  return { attainable, bandwidthBound };
}
