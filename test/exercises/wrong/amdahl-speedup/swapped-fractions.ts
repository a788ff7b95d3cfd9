// Wrong: swaps the serial and parallel fractions.
import type { Engine, Tensor } from 'engine';

export function amdahlSpeedup(engine: Engine, p: number, workers: Tensor): Tensor {
  return engine.div(1, engine.add(p, engine.div(1 - p, workers)));
}
