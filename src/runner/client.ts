/**
 * Main-thread side of the runner: owns the grading worker, enforces the time
 * limit and turns every way a run can end into a RunReport.
 *
 * Why the time limit lives here: a learner's `while (true) {}` blocks the
 * worker's event loop, so the worker can never report on itself. The page
 * terminates it and starts a fresh one for the next run; the page itself never
 * runs learner code, so it stays responsive.
 */
import type { ConsoleLine, LoseDeviceRequest, RunReport, RunRequest, WarmRequest, WorkerReply } from './protocol';

export interface RunOptions {
  readonly exerciseId: string;
  readonly code: string;
  readonly seed: number;
  readonly timeLimitMs: number;
  /** Streamed console output while the run is in progress. */
  readonly onConsole?: (line: ConsoleLine) => void;
}

export type WorkerFactory = () => Worker;

/** Allowance for starting the worker, loading the exercise and creating the GPU device and engine. */
const SETUP_LIMIT_MS = 60_000;

const defaultFactory: WorkerFactory = () =>
  new Worker(new URL('./grading.worker.ts', import.meta.url), { type: 'module', name: 'grading worker' });

export class RunnerClient {
  private worker: Worker | undefined;
  private nextRunId = 1;
  private pending: { runId: number; settle: (r: RunReport) => void; cancel: () => void } | undefined;

  constructor(private readonly createWorker: WorkerFactory = defaultFactory) {}

  /** Kinds of exercise on this page: a new worker is prepared for them at once. */
  private readonly warmKinds = new Set<WarmRequest['kind']>();
  private warmed = new Set<WarmRequest['kind']>();
  private warmWaiters: { kind: WarmRequest['kind']; resolve: () => void }[] = [];

  /**
   * Starts the worker and has it create its GPU device (WGSL) or engine (TS)
   * now, so the first Run does not pay for it. Also done again for the fresh
   * worker that replaces one stopped by the time limit. Resolves when ready.
   */
  warm(kind: WarmRequest['kind']): Promise<void> {
    this.warmKinds.add(kind);
    const worker = this.ensureWorker(false);
    if (this.warmed.has(kind)) return Promise.resolve();
    worker.postMessage({ type: 'warm', kind } satisfies WarmRequest);
    return new Promise((resolve) => this.warmWaiters.push({ kind, resolve }));
  }

  private onWarmed(kind: WarmRequest['kind']): void {
    this.warmed.add(kind);
    const ready = this.warmWaiters.filter((w) => w.kind === kind);
    this.warmWaiters = this.warmWaiters.filter((w) => w.kind !== kind);
    for (const waiter of ready) waiter.resolve();
  }

  run(options: RunOptions): Promise<RunReport> {
    // A new run supersedes one still in flight: its worker is replaced.
    if (this.pending) {
      const stale = this.pending;
      this.replaceWorker();
      stale.cancel();
    }
    const worker = this.ensureWorker();
    const runId = this.nextRunId++;
    const started = performance.now();
    const consoleLines: ConsoleLine[] = [];

    return new Promise<RunReport>((resolve) => {
      // Two clocks: setup (worker start, GPU device, engine) gets a generous allowance; the
      // exercise's time limit starts when the worker reports that the learner's code is running.
      let limitStarted = started;
      const expire = (summary: string) => {
        if (this.pending?.runId !== runId) return;
        // Read the clock before replacing the worker: the report shows how long the learner's code ran.
        const totalMs = performance.now() - limitStarted;
        this.pending = undefined;
        this.replaceWorker();
        resolve({
          exerciseId: options.exerciseId,
          seed: options.seed,
          status: 'time-limit',
          summary,
          diagnostics: [],
          cases: [],
          console: consoleLines,
          timings: { compileMs: 0, totalMs },
        });
      };
      const seconds = (options.timeLimitMs / 1000).toFixed(options.timeLimitMs % 1000 ? 1 : 0);
      let timer = setTimeout(
        () => expire(`The grader did not start within ${SETUP_LIMIT_MS / 1000} s (loading the exercise and the GPU device). Run again.`),
        SETUP_LIMIT_MS,
      );
      const startLimit = () => {
        clearTimeout(timer);
        limitStarted = performance.now();
        timer = setTimeout(
          () => expire(`Time limit exceeded: your code ran for more than ${seconds} s and was stopped. Look for a loop that never ends.`),
          options.timeLimitMs,
        );
      };

      const settle = (report: RunReport) => {
        clearTimeout(timer);
        this.pending = undefined;
        resolve(report);
      };
      this.pending = {
        runId,
        settle,
        cancel: () =>
          settle({
            exerciseId: options.exerciseId,
            seed: options.seed,
            status: 'cancelled',
            summary: 'Stopped: a newer run started.',
            diagnostics: [],
            cases: [],
            console: consoleLines,
            timings: { compileMs: 0, totalMs: performance.now() - started },
          }),
      };

      worker.onmessage = (event: MessageEvent<WorkerReply>) => {
        const reply = event.data;
        if (reply.type === 'warmed') return this.onWarmed(reply.kind);
        if (reply.runId !== runId) return;
        if (reply.type === 'started') {
          startLimit();
        } else if (reply.type === 'console') {
          consoleLines.push(reply.line);
          options.onConsole?.(reply.line);
        } else {
          this.pending?.settle(reply.report);
        }
      };
      worker.onerror = (event) => {
        event.preventDefault();
        const report: RunReport = {
          exerciseId: options.exerciseId,
          seed: options.seed,
          status: 'runtime-error',
          summary: `The grading worker failed: ${event.message || 'unknown error'}. Run again to retry.`,
          diagnostics: [],
          cases: [],
          console: consoleLines,
          timings: { compileMs: 0, totalMs: performance.now() - started },
        };
        this.replaceWorker();
        this.pending?.settle(report);
      };

      const request: RunRequest = { type: 'run', runId, exerciseId: options.exerciseId, code: options.code, seed: options.seed };
      worker.postMessage(request);
    });
  }

  /** Test hook: makes the worker lose its GPU device, to exercise recovery. */
  loseDevice(): void {
    this.worker?.postMessage({ type: 'lose-device' } satisfies LoseDeviceRequest);
  }

  dispose(): void {
    this.warmKinds.clear();
    this.worker?.terminate();
    this.worker = undefined;
  }

  private ensureWorker(warmUp = true): Worker {
    if (!this.worker) {
      const worker = this.createWorker();
      this.worker = worker;
      this.warmed = new Set();
      worker.onmessage = (event: MessageEvent<WorkerReply>) => {
        if (event.data.type === 'warmed') this.onWarmed(event.data.kind);
      };
      if (warmUp) for (const kind of this.warmKinds) worker.postMessage({ type: 'warm', kind } satisfies WarmRequest);
    }
    return this.worker;
  }

  /** Ends the current worker and, if this page has exercises, prepares the next one straight away. */
  private replaceWorker(): void {
    this.worker?.terminate();
    this.worker = undefined;
    if (this.warmKinds.size > 0) this.ensureWorker();
  }
}

/** A fresh seed per run, shown with the results so the run can be reproduced. */
export function newSeed(): number {
  return (Math.random() * 0x7fffffff) >>> 0;
}
