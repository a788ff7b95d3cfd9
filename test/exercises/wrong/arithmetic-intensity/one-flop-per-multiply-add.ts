// Wrong: counts a matmul multiply-add as 1 FLOP instead of 2 (N³ instead of 2N³), so the intensity is halved.
import type { Engine, Tensor } from 'engine';

export function arithmeticIntensity(engine: Engine, op: 'vector-add' | 'matmul', sizes: Tensor) {
  const flops = op === 'vector-add' ? engine.mul(1, sizes) : engine.mul(sizes, engine.mul(sizes, sizes));
  const bytes = op === 'vector-add' ? engine.mul(12, sizes) : engine.mul(12, engine.mul(sizes, sizes));
  return { flops, bytes, intensity: engine.div(flops, bytes) };
}
