import type { ResultGrid } from '../grader/compare';
import type { AccessSummary } from '../simulator/access-summary';

/**
 * Messages between the page and the grading worker, and the report a learner
 * reads. Plain data only: everything here crosses postMessage.
 */

export interface RunRequest {
  readonly type: 'run';
  /** Increases with each Run; stale replies are ignored. */
  readonly runId: number;
  readonly exerciseId: string;
  readonly code: string;
  /** Seed for the random cases; shown with the result so a run can be reproduced. */
  readonly seed: number;
}

/**
 * Destroys the worker's GPU device, as a driver reset or a GPU crash would.
 * For tests of device-loss recovery; learners never send it.
 */
export interface LoseDeviceRequest {
  readonly type: 'lose-device';
}

/** Prepares the worker ahead of the first run: the GPU device (WGSL) or the engine (TS). */
export interface WarmRequest {
  readonly type: 'warm';
  readonly kind: 'wgsl' | 'ts';
}

export type WorkerReply =
  /** The worker finished a WarmRequest. runId is 0: it belongs to no run. */
  | { readonly type: 'warmed'; readonly runId: 0; readonly kind: 'wgsl' | 'ts' }
  /** Setup is done (exercise, device, engine loaded): the learner's code starts now, and so does the time limit. */
  | { readonly type: 'started'; readonly runId: number }
  | { readonly type: 'console'; readonly runId: number; readonly line: ConsoleLine }
  | { readonly type: 'result'; readonly runId: number; readonly report: RunReport };

export interface ConsoleLine {
  readonly level: 'log' | 'info' | 'warn' | 'error';
  readonly text: string;
}

/** A compile or type error in the learner's code, 1-based line and column in their text. */
export interface Diagnostic {
  readonly severity: 'error' | 'warning' | 'info';
  readonly message: string;
  readonly line: number;
  readonly column: number;
  readonly endLine?: number;
  readonly endColumn?: number;
}

export type RunStatus =
  | 'passed'
  | 'failed'
  | 'compile-error'
  | 'runtime-error'
  | 'time-limit'
  | 'device-lost'
  | 'no-webgpu'
  | 'cancelled';

export interface CaseReport {
  readonly name: string;
  /** Hidden cases show only pass/fail and their seed, so they cannot be special-cased. */
  readonly hidden: boolean;
  readonly passed: boolean;
  /** One line a learner can act on, e.g. "element [2, 5]: expected 3.5, got 0". */
  readonly explanation: string;
  readonly tolerance?: { readonly atol: number; readonly rtol: number };
  readonly maxAbsError?: number;
  readonly maxRelError?: number;
  readonly mismatches?: number;
  readonly worst?: { readonly index: readonly number[]; readonly expected: number; readonly got: number };
  /** For small failing outputs: expected and got side by side. */
  readonly grid?: ResultGrid;
  readonly seed?: number;
  readonly timeMs: number;
}

export interface RunReport {
  readonly exerciseId: string;
  readonly seed: number;
  readonly status: RunStatus;
  /** Headline for the results panel and the live region. */
  readonly summary: string;
  readonly diagnostics: readonly Diagnostic[];
  readonly cases: readonly CaseReport[];
  readonly console: readonly ConsoleLine[];
  readonly timings: { readonly compileMs: number; readonly totalMs: number };
  /** Where the code ran: 'webgpu' with the adapter's description, or 'cpu'. */
  readonly device?: string;
  /**
   * Set when a WGSL kernel was graded on the CPU simulator because this
   * browser offers no WebGPU; `reason` says why, in one sentence for the
   * learner. The results header shows a "Simulated on CPU" badge.
   */
  readonly simulatedOnCpu?: { readonly reason: string };
  /** WGSL runs: what the invocations read and wrote in one small case, simulated on the CPU with a trace. */
  readonly accessSummary?: AccessSummary;
  /** WGSL runs without an accessSummary: why, in one sentence. */
  readonly accessSummaryNote?: string;
}
