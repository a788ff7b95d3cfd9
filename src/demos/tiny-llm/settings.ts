/**
 * The tiny LLM demo's fixed choices (model shape, optimiser, data split), the
 * learner's controls (steps, temperature, top-k, length) and the rhythm of a
 * run: how many steps go in a chunk, when the loss table gets a row. Pure
 * data and functions, shared by the page, the worker and the unit tests.
 */
import type { TrainerSettings } from './trainer';

/**
 * Model and training settings. Sized so that a laptop GPU learns word-like
 * text in a minute or two, and the CPU fallback and software GPUs still make
 * visible progress in a few dozen steps: 2 blocks, 4 heads, width 48,
 * context 32 (about 62,000 weights), batches of 16 windows (512 characters).
 */
export const TRAINER_SETTINGS: TrainerSettings = {
  model: { context: 32, width: 48, heads: 4, layers: 2, mlpRatio: 4 },
  batch: 16,
  learningRate: 5e-3,
  warmupSteps: 20,
  seed: 1,
  validationFraction: 0.1,
  validationBatch: 32,
};

/** Distinct characters of data/alice.txt: the model's vocabulary size (checked against the file by the unit tests). */
export const ALICE_VOCAB_SIZE = 73;

/** Choices of the steps control; the default suits a laptop GPU. */
export const STEP_CHOICES = [30, 100, 300, 1000, 3000] as const;
export const DEFAULT_STEPS = 1000;

/** Choices of the generated length (characters). */
export const LENGTH_CHOICES = [40, 100, 200, 400] as const;
export const DEFAULT_LENGTH = 100;

export const TEMPERATURE = { min: 0, max: 2, step: 0.1, initial: 0.8 } as const;
export const TOP_K = { min: 0, max: 100, initial: 10 } as const;
export const DEFAULT_PROMPT = 'Alice ';

/** Target wall time of one chunk of training steps in the worker: Stop and Generate wait at most about this long. */
export const CHUNK_TARGET_MS = 300;
export const MAX_CHUNK = 50;

/**
 * Steps in the next chunk: the preferred size, but never past the next table
 * row or the end of the run. The first chunk is one step, which gets its own
 * row (and includes the GPU's shader compilation).
 */
export function nextChunkSteps(stepsDone: number, budget: number, preferred: number, tableEvery: number): number {
  const left = budget - stepsDone;
  if (left <= 0) return 0;
  if (stepsDone === 0) return 1;
  const toRow = tableEvery - (stepsDone % tableEvery);
  return Math.max(1, Math.min(Math.floor(preferred), left, toRow));
}

/**
 * The next preferred chunk size from how long the last one took: scaled
 * towards the target, at most doubling or halving at once (the first steps
 * include shader compilation and should not swing it), within 1..MAX_CHUNK.
 */
export function adaptChunkSize(current: number, steps: number, elapsedMs: number, targetMs = CHUNK_TARGET_MS): number {
  const clamp = (value: number) => Math.min(MAX_CHUNK, Math.max(1, value));
  if (steps <= 0 || !(elapsedMs > 0)) return clamp(current * 2);
  const ideal = targetMs / (elapsedMs / steps);
  return clamp(Math.round(Math.min(Math.max(ideal, current / 2), current * 2)));
}

/**
 * Steps between rows of the loss table for a run of `budget` steps: a round
 * number giving at most about 20 rows, so a long run's table stays readable
 * (1, 2, 5, 10, 20, 50, ...).
 */
export function tableInterval(budget: number): number {
  if (!(budget >= 1)) throw new Error(`tableInterval: budget must be >= 1 step, got ${budget}`);
  const raw = budget / 20;
  for (let scale = 1; ; scale *= 10) {
    for (const m of [1, 2, 5]) if (m * scale >= raw) return m * scale;
  }
}

/**
 * A row goes in the table every `interval` steps of a run and at its end,
 * and after the model's very first step (the starting loss, near ln V).
 */
export function isTableStep(runStep: number, budget: number, interval: number, modelStep: number): boolean {
  return modelStep === 1 || runStep % interval === 0 || runStep >= budget;
}

/** Seconds left at the measured pace, for the progress text (null until a step has been timed). */
export function secondsLeft(stepsDone: number, budget: number, elapsedMs: number): number | null {
  if (stepsDone <= 0 || !(elapsedMs > 0)) return null;
  return ((budget - stepsDone) * elapsedMs) / stepsDone / 1000;
}

/** Parse the sampling controls, clamping to their ranges; top-k 0 means "all". */
export function parseSampling(temperature: string, topK: string): { temperature: number; topK: number } {
  const t = Number(temperature);
  const k = Math.round(Number(topK));
  return {
    temperature: Number.isFinite(t) ? Math.min(TEMPERATURE.max, Math.max(TEMPERATURE.min, t)) : TEMPERATURE.initial,
    topK: Number.isFinite(k) ? Math.min(TOP_K.max, Math.max(TOP_K.min, k)) : TOP_K.initial,
  };
}
