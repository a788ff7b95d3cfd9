/**
 * The training playground's choices and fixed parameters: what the learner can
 * pick (hidden size, activation, learning rate), the data set and the step
 * budget. Shared by the trainer, the page script and the component, so the
 * server-rendered options and the client's parsing cannot drift apart.
 */

export const HIDDEN_SIZES = [8, 16, 32] as const;
export type HiddenSize = (typeof HIDDEN_SIZES)[number];

export const ACTIVATIONS = ['tanh', 'relu'] as const;
export type Activation = (typeof ACTIVATIONS)[number];

/**
 * Learning rates offered, for SGD with momentum 0.9 (as in the lesson). Measured
 * on the CPU backend with 32 tanh units: 0.01 reaches only about 90% accuracy
 * after 1,000 steps, 0.1 reaches 100% steadily, 0.5 (the lesson's value) in
 * about 100 steps, and 5 overshoots so far that the tanh units saturate and the
 * network sticks at 50% (see the measured table in the component).
 */
export const LEARNING_RATES = [0.01, 0.1, 0.5, 5] as const;
export type LearningRate = (typeof LEARNING_RATES)[number];

export const MOMENTUM = 0.9;

/** Training stops by itself here, so a forgotten tab never trains forever. */
export const STEP_BUDGET = 1000;

/** The lesson's data set: two arms of 100 points, seed 3. */
export const DATASET = { pointsPerClass: 100, classes: 2, seed: 3 } as const;

/** Seeds of the initial weights: every run starts from the same weights, so settings compare fairly. */
export const INIT_SEEDS = { w1: 1, w2: 2 } as const;

export interface PlaygroundSettings {
  hidden: HiddenSize;
  activation: Activation;
  learningRate: LearningRate;
}

/** The lesson's own network and optimizer: 2-32-2, tanh, lr 0.5. */
export const DEFAULT_SETTINGS: PlaygroundSettings = { hidden: 32, activation: 'tanh', learningRate: 0.5 };

export const ACTIVATION_LABELS: Record<Activation, string> = { tanh: 'tanh', relu: 'ReLU' };

/** Parse the form's string values; unknown values fall back to the defaults rather than throwing in the page. */
export function parseSettings(values: { hidden?: string; activation?: string; learningRate?: string }): PlaygroundSettings {
  const hidden = HIDDEN_SIZES.find((h) => String(h) === values.hidden) ?? DEFAULT_SETTINGS.hidden;
  const activation = ACTIVATIONS.find((a) => a === values.activation) ?? DEFAULT_SETTINGS.activation;
  const learningRate = LEARNING_RATES.find((lr) => String(lr) === values.learningRate) ?? DEFAULT_SETTINGS.learningRate;
  return { hidden, activation, learningRate };
}

/** True when two settings need different networks (a learning-rate change does not: it applies to the next step). */
export function needsNewNetwork(a: PlaygroundSettings, b: PlaygroundSettings): boolean {
  return a.hidden !== b.hidden || a.activation !== b.activation;
}
