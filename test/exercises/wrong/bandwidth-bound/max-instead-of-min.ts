// Wrong: takes the larger of the two ceilings (max), as if the kernel got whichever limit is more generous.
import type { Engine, Tensor } from 'engine';

export function roofline(engine: Engine, peak: Tensor, bandwidth: Tensor, intensity: Tensor) {
  const memoryLimit = engine.mul(bandwidth, intensity);
  return { attainable: engine.maximum(peak, memoryLimit), bandwidthBound: engine.less(memoryLimit, peak) };
}
