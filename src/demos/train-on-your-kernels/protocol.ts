/**
 * Messages between TrainOnYourKernels' page script (app.ts) and its worker
 * (train.worker.ts). The worker checks the learner's kernels, then trains the
 * two networks in chunks and reports after each; the page draws and watches
 * for a worker that stops answering (learner code that never returns).
 */
import type { CodeOrigin } from '../learner-kernels';
import type { LearnerExercise } from './settings';
import type { Evaluation } from './trainer';

export type TrainRequest =
  | {
      readonly kind: 'start';
      /** The learner's saved code per exercise (from localStorage, which workers cannot read). */
      readonly saved: Partial<Record<LearnerExercise, string>>;
      /** Exercises whose saved code must not run, with the reason (e.g. it hung the previous worker). */
      readonly skip: Partial<Record<LearnerExercise, string>>;
    }
  | { readonly kind: 'stop' };

export type TrainPhase = 'starting' | 'checking' | 'training';

export type TrainReply =
  | { readonly kind: 'phase'; readonly phase: TrainPhase; readonly exercise?: LearnerExercise; readonly text: string }
  | { readonly kind: 'backend'; readonly backend: 'webgpu' | 'cpu'; readonly note: string }
  | { readonly kind: 'kernels'; readonly kernels: readonly { readonly exercise: LearnerExercise; readonly origin: CodeOrigin }[] }
  | {
      readonly kind: 'chunk';
      /** Steps done by each network after this chunk. */
      readonly step: number;
      /** Loss measured by each step of the chunk, per network (yours is null without WebGPU). */
      readonly yours: readonly number[] | null;
      readonly builtin: readonly number[];
      readonly msPerStep: number;
    }
  | { readonly kind: 'evaluation'; readonly step: number; readonly yours: Evaluation | null; readonly builtin: Evaluation }
  | { readonly kind: 'done'; readonly stopped: boolean }
  | { readonly kind: 'error'; readonly message: string };
