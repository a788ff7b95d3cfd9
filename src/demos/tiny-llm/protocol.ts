/**
 * Messages between the tiny LLM page (app.ts) and its training worker
 * (tiny-llm.worker.ts). Types only: both sides import them.
 */

export type ToWorker =
  /** Train `steps` more steps (creating the engine and the model first if needed). */
  | { readonly type: 'train'; readonly steps: number }
  /** Stop training (after the current chunk) and any generation (after the current character). */
  | { readonly type: 'stop' }
  /** Forget the trained weights: the next train or generate starts from fresh random weights. */
  | { readonly type: 'reset' }
  | {
      readonly type: 'generate';
      readonly id: number;
      readonly prompt: string;
      readonly length: number;
      readonly temperature: number;
      readonly topK: number;
      readonly seed: number;
    };

export interface ModelInfo {
  readonly backend: 'webgpu' | 'cpu';
  /** Why the CPU is used, when it is (no WebGPU, no adapter, device creation failed). */
  readonly fallbackReason: string | null;
  /** The GPU adapter's self-description, e.g. "SwiftShader Device" (empty on the CPU or when the browser hides it). */
  readonly adapterDescription: string;
  /** True when the adapter is a software (CPU-emulated) GPU such as SwiftShader. */
  readonly softwareGpu: boolean;
  readonly vocabSize: number;
  readonly uniformLoss: number;
  readonly parameters: number;
  readonly trainCharacters: number;
  readonly validationCharacters: number;
  readonly context: number;
  readonly batch: number;
}

export type FromWorker =
  | { readonly type: 'ready'; readonly info: ModelInfo }
  | {
      readonly type: 'progress';
      /** Total steps of this model (across runs) after this chunk. */
      readonly step: number;
      /** Steps of the current run done, and its budget. */
      readonly runStep: number;
      readonly runSteps: number;
      /** The chunk's per-step training losses, for steps step − losses.length + 1 .. step. */
      readonly losses: readonly number[];
      /** Milliseconds of this run so far, and the chunk's characters per second. */
      readonly runMs: number;
      readonly tokensPerSecond: number;
    }
  | {
      readonly type: 'row';
      readonly step: number;
      /** Mean training loss over the steps since the previous row. */
      readonly trainLoss: number;
      readonly validationLoss: number | null;
      /** Milliseconds spent in training steps of this model so far, across runs. */
      readonly trainingMs: number;
      /** Characters per second over the steps since the previous row. */
      readonly tokensPerSecond: number;
    }
  | { readonly type: 'trained'; readonly step: number; readonly stopped: boolean; readonly runMs: number }
  | { readonly type: 'character'; readonly id: number; readonly character: string }
  | {
      readonly type: 'generated';
      readonly id: number;
      readonly step: number;
      readonly text: string;
      readonly unknown: readonly string[];
      readonly stopped: boolean;
      readonly ms: number;
    }
  | { readonly type: 'reset-done' }
  | { readonly type: 'error'; readonly operation: string; readonly message: string };
