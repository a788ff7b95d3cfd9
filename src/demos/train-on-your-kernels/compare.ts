/**
 * Pure logic of TrainOnYourKernels: how many steps go in the next chunk, when
 * to evaluate, whether the two networks' losses agree, and the sentences the
 * page shows and announces. No engine, no DOM: unit-tested in Node.
 */
import { EVALUATION_EVERY } from './settings';

/** A chunk should take about this long, so Stop and the plot respond quickly without a readback per step. */
export const CHUNK_TARGET_MS = 600;
export const MAX_CHUNK_STEPS = 25;

/** Steps in the next chunk: stops at evaluation points and at the budget, and adapts to the measured time per step. */
export function nextChunkSteps(done: number, budget: number, msPerStep: number | null): number {
  const remaining = budget - done;
  if (remaining <= 0) return 0;
  const untilEvaluation = EVALUATION_EVERY - (done % EVALUATION_EVERY);
  const wanted = msPerStep && msPerStep > 0 ? Math.floor(CHUNK_TARGET_MS / msPerStep) : 1;
  return Math.max(1, Math.min(remaining, untilEvaluation, MAX_CHUNK_STEPS, wanted));
}

/** True at the steps where accuracy is measured and the table gets a row. */
export function isEvaluationStep(step: number, budget: number): boolean {
  return step === 0 || step === budget || step % EVALUATION_EVERY === 0;
}

export interface Agreement {
  readonly agree: boolean;
  /** |yours − built-in| / built-in. */
  readonly relativeDifference: number;
}

/**
 * Whether the loss on the learner's kernels matches the built-in ops'. Both
 * networks start from the same weights and see the same data, so right
 * kernels differ only by float rounding (on a GPU that fuses multiply-adds
 * differently, a few per cent after 150 steps at most; on the same adapter
 * usually not at all). A wrong gradient or update changes the curve by far
 * more. Allowed: 10% of the built-in loss, or 0.01 absolute near zero loss.
 */
export function compareLosses(yours: number, builtin: number): Agreement {
  if (!Number.isFinite(yours) || !Number.isFinite(builtin)) return { agree: false, relativeDifference: Number.POSITIVE_INFINITY };
  const difference = Math.abs(yours - builtin);
  const relativeDifference = builtin > 0 ? difference / builtin : difference;
  return { agree: difference <= Math.max(0.1 * builtin, 0.01), relativeDifference };
}

export const formatLoss = (loss: number): string => {
  if (!Number.isFinite(loss)) return String(loss);
  if (loss < 0.001) return loss.toExponential(1);
  return loss >= 10 ? loss.toFixed(1) : loss.toFixed(3);
};

export const formatPercent = (fraction: number): string => `${(fraction * 100).toFixed(1)}%`;

export interface RunOutcome {
  readonly step: number;
  readonly builtin: { readonly loss: number; readonly accuracy: number };
  /** Null when the learner's kernels could not run (no WebGPU). */
  readonly yours: { readonly loss: number; readonly accuracy: number } | null;
  /** How many of the plugged-in kernels are the learner's own (the rest are course solutions). */
  readonly yoursCount: number;
  readonly stopped: boolean;
}

/** What to call the network on the plugged-in kernels, which may be the learner's or the course's. */
export function pluggedInName(yoursCount: number, total: number): string {
  if (yoursCount === 0) return "the course's kernels (none of yours yet)";
  if (yoursCount === total) return 'your kernels';
  return `your kernels (${yoursCount} of ${total}, course solutions for the rest)`;
}

/** The sentence announced and shown when a run ends. */
export function summarise(outcome: RunOutcome): string {
  const { step, builtin, yours } = outcome;
  const head = `${outcome.stopped ? 'Stopped' : 'Finished'} after ${step} steps.`;
  const builtinText = `built-in ops: loss ${formatLoss(builtin.loss)}, accuracy ${formatPercent(builtin.accuracy)}`;
  if (!yours) return `${head} With the engine's ${builtinText}. Your kernels did not run (they need WebGPU).`;
  const name = pluggedInName(outcome.yoursCount, 3);
  const yoursText = `On ${name}: loss ${formatLoss(yours.loss)}, accuracy ${formatPercent(yours.accuracy)}; ${builtinText}.`;
  const { agree, relativeDifference } = compareLosses(yours.loss, builtin.loss);
  const percent = Number.isFinite(relativeDifference) ? `${(relativeDifference * 100).toFixed(relativeDifference < 0.001 ? 2 : 1)}%` : 'not comparable';
  return agree
    ? `${head} ${yoursText} The two agree (difference ${percent}): the plugged-in kernels compute the same gradients and updates as the engine's own.`
    : `${head} ${yoursText} They differ by ${percent}: a plugged-in kernel computes something different from the engine's rule. Compare each with its exercise.`;
}
