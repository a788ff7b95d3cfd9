import type { Engine, Tensor } from 'engine';

/** Amdahl's speedup S(N) = 1 / ((1 - p) + p / N) for each worker count N in `workers`. */
export function amdahlSpeedup(engine: Engine, p: number, workers: Tensor): Tensor {
  // TODO: compute the speedup for every element of workers.
  return workers;
}
