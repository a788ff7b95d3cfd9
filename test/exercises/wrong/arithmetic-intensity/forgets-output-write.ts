// Wrong: counts only the reads (two input arrays), not the write of the result: 8 bytes per element instead of 12.
import type { Engine, Tensor } from 'engine';

export function arithmeticIntensity(engine: Engine, op: 'vector-add' | 'matmul', sizes: Tensor) {
  const flops = op === 'vector-add' ? engine.mul(1, sizes) : engine.mul(2, engine.mul(sizes, engine.mul(sizes, sizes)));
  const bytes = op === 'vector-add' ? engine.mul(8, sizes) : engine.mul(8, engine.mul(sizes, sizes));
  return { flops, bytes, intensity: engine.div(flops, bytes) };
}
