import type { Engine, Tensor } from 'engine';

/** Amdahl's speedup S(N) = 1 / ((1 - p) + p / N) for each worker count N in `workers`. */
export function amdahlSpeedup(engine: Engine, p: number, workers: Tensor): Tensor {
  // p / N: the parallel part shrinks with more workers (a number divided by
  // every element of the tensor; the engine broadcasts the number).
  const parallelTime = engine.div(p, workers);
  // (1 - p) + p / N: the serial part does not shrink at all.
  const totalTime = engine.add(1 - p, parallelTime);
  // Speedup is the one-worker time (1) over the new time.
  return engine.div(1, totalTime);
}
