// Wrong: forgets the flat roof: attainable = bandwidth × intensity even above the device's peak.
import type { Engine, Tensor } from 'engine';

export function roofline(engine: Engine, peak: Tensor, bandwidth: Tensor, intensity: Tensor) {
  const memoryLimit = engine.mul(bandwidth, intensity);
  return { attainable: memoryLimit, bandwidthBound: engine.less(memoryLimit, peak) };
}
