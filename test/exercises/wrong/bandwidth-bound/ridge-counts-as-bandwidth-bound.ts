// Wrong: uses <= instead of <, so a kernel exactly at the ridge point is flagged bandwidth-bound.
import type { Engine, Tensor } from 'engine';

export function roofline(engine: Engine, peak: Tensor, bandwidth: Tensor, intensity: Tensor) {
  const memoryLimit = engine.mul(bandwidth, intensity);
  return { attainable: engine.minimum(peak, memoryLimit), bandwidthBound: engine.lessEqual(memoryLimit, peak) };
}
