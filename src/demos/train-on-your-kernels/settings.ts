/**
 * The fixed set-up of TrainOnYourKernels: the network, the data, the
 * optimizer and how long it trains. Shared by the trainers, the worker, the
 * page script and the component's text, so the description and what runs
 * cannot drift apart.
 */

/** Layer widths: 2 inputs (a point's x, y), two hidden ReLU layers of 32, 3 class scores. */
export const LAYER_SIZES = [2, 32, 32, 3] as const;

/** Three interleaved spiral arms of 100 points (src/engine/datasets.ts). */
export const DATASET = { pointsPerClass: 100, classes: 3, seed: 3 } as const;

/**
 * SGD with momentum, the sgd-momentum exercise's rule and the engine's SGD.
 * Measured on the CPU backend with the built-in ops: lr 0.2 takes the loss
 * from 1.20 to about 0.02 (100% training accuracy) in 150 steps; 0.1 needs
 * twice as many steps, 0.5 drops so fast the curve shows little.
 */
export const LEARNING_RATE = 0.2;
export const MOMENTUM = 0.9;

/**
 * Full-batch steps per network per run. A step costs about 0.3 s per network
 * on a software GPU (SwiftShader, 2 cores), so a run there takes about 90 s;
 * on a real GPU a few seconds.
 */
export const STEP_BUDGET = 150;

/** Evaluate accuracy (and add a table row) every this many steps. */
export const EVALUATION_EVERY = 25;

/** Seeds of the initial weights of layer i; both networks start from exactly these. */
export const INIT_SEEDS = [11, 12, 13] as const;

/** The three learner kernels the demo plugs in, in the order they are shown. */
export const LEARNER_EXERCISES = ['relu-backward', 'linear-backward', 'sgd-momentum'] as const;
export type LearnerExercise = (typeof LEARNER_EXERCISES)[number];

export const EXERCISE_ROLES: Record<LearnerExercise, string> = {
  'relu-backward': 'ReLU backward (WGSL kernel, a custom op)',
  'linear-backward': 'linear layer backward (TypeScript on the engine)',
  'sgd-momentum': 'SGD with momentum update (WGSL kernel, a custom op)',
};
