/**
 * When the training playground does what: how many steps go in the next chunk
 * (so the page stays responsive), when to evaluate (accuracy and decision
 * boundary), when to add a row to the table and when to announce a milestone
 * to screen readers. Pure functions, so the rhythm is unit-tested without a
 * browser.
 */

/** Accuracy and the decision boundary are recomputed after every this many steps. */
export const EVAL_EVERY = 25;
/** The numbers table gets a row every this many steps (a multiple of EVAL_EVERY, so every row has an accuracy). */
export const TABLE_EVERY = 50;
/** The aria-live region speaks every this many steps, and at the end; never every step. */
export const ANNOUNCE_EVERY = 100;

/** Target wall time of one chunk of steps: short enough that clicks and scrolling stay smooth. */
export const CHUNK_TARGET_MS = 30;
export const MIN_CHUNK = 1;
export const MAX_CHUNK = 25;

/**
 * Steps to run in the next chunk: the preferred size, cut short so a chunk
 * never runs past an evaluation point or the budget.
 */
export function nextChunkSteps(stepsDone: number, budget: number, preferred: number): number {
  const left = budget - stepsDone;
  if (left <= 0) return 0;
  const toEvaluation = EVAL_EVERY - (stepsDone % EVAL_EVERY);
  return Math.max(1, Math.min(Math.floor(preferred), left, toEvaluation));
}

/**
 * The next preferred chunk size from how long the last chunk took: scale
 * towards the target time, at most doubling or halving at once (one slow
 * frame, such as the GPU's first pipeline compilations, should not swing it),
 * within [MIN_CHUNK, MAX_CHUNK].
 */
export function adaptChunkSize(current: number, steps: number, elapsedMs: number, targetMs = CHUNK_TARGET_MS): number {
  if (steps <= 0 || !(elapsedMs > 0)) return clamp(current * 2, MIN_CHUNK, MAX_CHUNK);
  const msPerStep = elapsedMs / steps;
  const ideal = targetMs / msPerStep;
  const bounded = Math.min(Math.max(ideal, current / 2), current * 2);
  return clamp(Math.round(bounded), MIN_CHUNK, MAX_CHUNK);
}

export function isEvaluationStep(stepsDone: number, budget: number): boolean {
  return stepsDone > 0 && (stepsDone % EVAL_EVERY === 0 || stepsDone >= budget);
}

export function isTableStep(stepsDone: number, budget: number): boolean {
  return stepsDone === 0 || stepsDone % TABLE_EVERY === 0 || stepsDone >= budget;
}

export function isMilestone(stepsDone: number, budget: number): boolean {
  return stepsDone > 0 && (stepsDone % ANNOUNCE_EVERY === 0 || stepsDone >= budget);
}

/** A loss the training cannot recover from: the learning rate was too large for the weights to stay finite. */
export function hasDiverged(losses: ArrayLike<number>): boolean {
  for (let i = 0; i < losses.length; i++) if (!Number.isFinite(losses[i]!)) return true;
  return false;
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}
