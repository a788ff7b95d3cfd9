/**
 * The chunked training loop the demos share: run `count` optimisation steps,
 * keep each step's loss on the device, and read all of them back in one
 * transfer at the end (a read-back per step would stall the GPU queue every
 * step). Everything a step allocates is freed by `tidy`; only its scalar loss
 * survives until the read-back.
 */
import type { Engine, Tensor } from '../../engine/index';

export interface TrainStepsOptions {
  /** One step: compute the loss, call backward() and update the weights; return the loss. Runs inside engine.tidy. */
  step(): Tensor;
  /** After the chunk (also on error): e.g. free the last gradients so memory is the same between chunks. */
  cleanup(): void;
  /** Called after each step has been recorded (e.g. to count steps). */
  onStep?(): void;
}

export async function trainSteps(engine: Engine, count: number, options: TrainStepsOptions): Promise<Float32Array> {
  const losses: Tensor[] = [];
  try {
    for (let i = 0; i < count; i++) {
      losses.push(engine.tidy(options.step));
      options.onStep?.();
    }
    const stacked = engine.tidy(() => engine.noGrad(() => engine.stack(losses)));
    try {
      return Float32Array.from(await stacked.data());
    } finally {
      stacked.dispose();
    }
  } finally {
    for (const loss of losses) loss.dispose();
    options.cleanup();
  }
}
