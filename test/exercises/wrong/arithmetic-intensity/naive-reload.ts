// Wrong: matmul bytes without reuse (both operands reloaded for every multiply-add: 8N³ + 4N²), not the ideal 12N².
import type { Engine, Tensor } from 'engine';

export function arithmeticIntensity(engine: Engine, op: 'vector-add' | 'matmul', sizes: Tensor) {
  if (op === 'vector-add') {
    const flops = engine.mul(1, sizes);
    const bytes = engine.mul(12, sizes);
    return { flops, bytes, intensity: engine.div(flops, bytes) };
  }
  const square = engine.mul(sizes, sizes);
  const cube = engine.mul(sizes, square);
  const flops = engine.mul(2, cube);
  const bytes = engine.add(engine.mul(8, cube), engine.mul(4, square));
  return { flops, bytes, intensity: engine.div(flops, bytes) };
}
