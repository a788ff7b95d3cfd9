// Wrong: right FLOPs and bytes, but the intensity is written from memory as N/3 (and 1/6 for vector add) instead of being computed as FLOPs ÷ bytes.
import type { Engine, Tensor } from 'engine';

export function arithmeticIntensity(engine: Engine, op: 'vector-add' | 'matmul', sizes: Tensor) {
  const flops = op === 'vector-add' ? engine.mul(1, sizes) : engine.mul(2, engine.mul(sizes, engine.mul(sizes, sizes)));
  const bytes = op === 'vector-add' ? engine.mul(12, sizes) : engine.mul(12, engine.mul(sizes, sizes));
  const intensity = op === 'vector-add' ? engine.div(engine.onesLike(sizes), 6) : engine.div(sizes, 3);
  return { flops, bytes, intensity };
}
