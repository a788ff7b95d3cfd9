// Wrong: computes the ridge point as bandwidth / peak instead of peak / bandwidth.
import type { Engine, Tensor } from 'engine';

export function roofline(engine: Engine, peak: Tensor, bandwidth: Tensor, intensity: Tensor) {
  const ridge = engine.div(bandwidth, peak);
  const attainable = engine.where(engine.less(intensity, ridge), engine.mul(bandwidth, intensity), peak);
  return { attainable, bandwidthBound: engine.less(intensity, ridge) };
}
