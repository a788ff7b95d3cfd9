// Wrong: flags the compute-bound cases (memory limit above the peak) instead of the bandwidth-bound ones.
import type { Engine, Tensor } from 'engine';

export function roofline(engine: Engine, peak: Tensor, bandwidth: Tensor, intensity: Tensor) {
  const memoryLimit = engine.mul(bandwidth, intensity);
  return { attainable: engine.minimum(peak, memoryLimit), bandwidthBound: engine.greater(memoryLimit, peak) };
}
