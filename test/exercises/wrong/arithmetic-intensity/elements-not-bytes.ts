// Wrong: counts the elements moved (3n, 3N²) instead of bytes: forgets that an f32 is 4 bytes.
import type { Engine, Tensor } from 'engine';

export function arithmeticIntensity(engine: Engine, op: 'vector-add' | 'matmul', sizes: Tensor) {
  const flops = op === 'vector-add' ? engine.mul(1, sizes) : engine.mul(2, engine.mul(sizes, engine.mul(sizes, sizes)));
  const bytes = op === 'vector-add' ? engine.mul(3, sizes) : engine.mul(3, engine.mul(sizes, sizes));
  return { flops, bytes, intensity: engine.div(flops, bytes) };
}
