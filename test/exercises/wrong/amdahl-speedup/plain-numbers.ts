// Wrong: returns a number (the speedup for the first count) instead of a tensor.
import type { Engine, Tensor } from 'engine';

export function amdahlSpeedup(_engine: Engine, p: number, _workers: Tensor): number {
  return 1 / (1 - p + p / 1);
}
