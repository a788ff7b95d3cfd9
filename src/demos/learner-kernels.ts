/**
 * The rule both "your own kernels" demos (MatmulLab in lesson 7,
 * TrainOnYourKernels in lesson 9) follow before running a learner's code:
 *
 * - No saved code for the exercise → the course's solution runs, labelled
 *   "course solution (you haven't solved it yet)".
 * - Saved code → it is checked first with the exercise's own grader
 *   (src/grader/wgsl-grade.ts on the GPU for WGSL, src/grader/ts-grade.ts for
 *   TypeScript: the same cases and CPU references as the exercise page). Only
 *   if every case passes does it run, labelled "yours (passed check)";
 *   otherwise the solution runs, labelled with the grader's one-line reason.
 *   The saved `code` is whatever was last in the editor, so it can be broken
 *   even when the exercise is marked completed: the check is what decides.
 *
 * A check can never take the page down: compile errors and failing cases come
 * back as reports, runaway loops are stopped by the loop guard that the
 * grader compiles in, thrown errors (device loss included) are caught, and a
 * check that does not finish within a time limit counts as failed.
 *
 * Also here: reading the saved code from the learner's progress, loading a
 * checked TypeScript export, and instrumenting a WGSL kernel with the loop
 * guard so it fits the engine's custom-op bind group (see
 * {@link guardForCustomOp}).
 */
import type { Engine } from '../engine/index';
import * as engineModule from '../engine/index';
import { parseExerciseManifest, type TsExerciseManifest, type WgslExerciseManifest } from '../exercises/schema';
import type { TsGrader, WgslGrader } from '../grader/define';
import { compileLearnerTs, evaluateLearnerModule, gradeTs } from '../grader/ts-grade';
import { gradeWgsl } from '../grader/wgsl-grade';
import { ProgressStore, type StorageLike } from '../progress/storage';
import { instrumentLoops } from '../runner/loop-guard';
import type { RunReport } from '../runner/protocol';

export const WGSL_EXERCISES = ['matmul-naive', 'matmul-tiled', 'relu-backward', 'sgd-momentum'] as const;
export const TS_EXERCISES = ['linear-backward'] as const;
export type WgslExerciseId = (typeof WGSL_EXERCISES)[number];
export type TsExerciseId = (typeof TS_EXERCISES)[number];
export type LearnerExerciseId = WgslExerciseId | TsExerciseId;

/** Which code runs for one exercise, and why. */
export type CodeOrigin =
  | { readonly kind: 'yours' }
  | { readonly kind: 'solution'; readonly why: 'unsolved' }
  | { readonly kind: 'solution'; readonly why: 'failed'; readonly reason: string };

export interface ChosenCode {
  readonly exerciseId: LearnerExerciseId;
  /** The code that will run: the learner's (checked) or the course's solution. */
  readonly code: string;
  readonly origin: CodeOrigin;
}

/** Outcome of checking saved code with the exercise's grader. */
export interface CheckVerdict {
  readonly passed: boolean;
  /** One line: why it failed (or the grader's summary when it passed). */
  readonly reason: string;
}

/** Seed of the grader's random cases in a check; fixed so the same code always gets the same verdict. */
export const CHECK_SEED = 20_240_907;
/** A check that takes longer than this is abandoned and counts as failed (SwiftShader is slow, hence generous). */
export const DEFAULT_CHECK_TIMEOUT_MS = 60_000;
/** Longest reason shown in a label. */
const REASON_MAX_CHARS = 140;

/** The label every demo shows beside a kernel. */
export function originLabel(origin: CodeOrigin): string {
  if (origin.kind === 'yours') return 'yours (passed check)';
  if (origin.why === 'unsolved') return "course solution (you haven't solved it yet)";
  return `course solution (your saved code failed the check: ${origin.reason})`;
}

/** The same, without the reason: for table cells, next to a place that shows the full label. */
export function shortOriginLabel(origin: CodeOrigin): string {
  if (origin.kind === 'yours') return 'yours (passed check)';
  return origin.why === 'unsolved' ? 'course solution (not solved yet)' : 'course solution (your code failed the check)';
}

/** A grader summary or error message squeezed into one short line. */
export function oneLine(text: string, maxChars = REASON_MAX_CHARS): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length === 0) return 'no reason given';
  return flat.length <= maxChars ? flat : `${flat.slice(0, maxChars - 1).trimEnd()}…`;
}

/** True when there is saved code worth checking (blank editors count as not attempted). */
export function hasSavedCode(saved: string | undefined): saved is string {
  return saved !== undefined && saved.trim().length > 0;
}

/** Rejects with a clear message if `promise` has not settled after `ms`; the work itself cannot be cancelled. */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} did not finish within ${Math.round(ms / 1000)} s`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

/**
 * The choose-yours-or-solution rule, independent of how a check runs: no saved
 * code → solution ("unsolved"); saved code → `check(saved)`, and the
 * learner's code only if it passed. A check that throws or times out counts
 * as failed, with its message as the reason.
 */
export async function chooseCode(
  exerciseId: LearnerExerciseId,
  saved: string | undefined,
  solution: string,
  check: (code: string) => Promise<CheckVerdict>,
  timeoutMs = DEFAULT_CHECK_TIMEOUT_MS,
): Promise<ChosenCode> {
  if (!hasSavedCode(saved)) return { exerciseId, code: solution, origin: { kind: 'solution', why: 'unsolved' } };
  let verdict: CheckVerdict;
  try {
    verdict = await withTimeout(check(saved), timeoutMs, `checking your ${exerciseId} code`);
  } catch (error) {
    verdict = { passed: false, reason: error instanceof Error ? error.message : String(error) };
  }
  if (verdict.passed) return { exerciseId, code: saved, origin: { kind: 'yours' } };
  return { exerciseId, code: solution, origin: { kind: 'solution', why: 'failed', reason: oneLine(verdict.reason) } };
}

/** A grader report as a verdict: passed only if every case passed. */
export function verdictOf(report: RunReport): CheckVerdict {
  return { passed: report.status === 'passed', reason: oneLine(report.summary) };
}

// ---------------------------------------------------------------------------
// The exercises' manifests, graders and solutions, loaded lazily so each demo
// downloads only the exercises it uses.

interface WgslExercise {
  readonly manifest: WgslExerciseManifest;
  readonly grader: WgslGrader;
  readonly solution: string;
}

interface TsExercise {
  readonly manifest: TsExerciseManifest;
  readonly grader: TsGrader;
  readonly solution: string;
}

type Loaded = readonly [{ default: unknown }, { default: unknown }, { default: string }];

const WGSL_LOADERS: Record<WgslExerciseId, () => Promise<Loaded>> = {
  'matmul-naive': () =>
    Promise.all([
      import('../../exercises/matmul-naive/exercise'),
      import('../../exercises/matmul-naive/grader'),
      import('../../exercises/matmul-naive/solution.wgsl?raw'),
    ]),
  'matmul-tiled': () =>
    Promise.all([
      import('../../exercises/matmul-tiled/exercise'),
      import('../../exercises/matmul-tiled/grader'),
      import('../../exercises/matmul-tiled/solution.wgsl?raw'),
    ]),
  'relu-backward': () =>
    Promise.all([
      import('../../exercises/relu-backward/exercise'),
      import('../../exercises/relu-backward/grader'),
      import('../../exercises/relu-backward/solution.wgsl?raw'),
    ]),
  'sgd-momentum': () =>
    Promise.all([
      import('../../exercises/sgd-momentum/exercise'),
      import('../../exercises/sgd-momentum/grader'),
      import('../../exercises/sgd-momentum/solution.wgsl?raw'),
    ]),
};

const TS_LOADERS: Record<TsExerciseId, () => Promise<Loaded>> = {
  'linear-backward': () =>
    Promise.all([
      import('../../exercises/linear-backward/exercise'),
      import('../../exercises/linear-backward/grader'),
      import('../../exercises/linear-backward/solution.ts?raw'),
    ]),
};

export async function loadWgslExercise(id: WgslExerciseId): Promise<WgslExercise> {
  const [manifestModule, graderModule, solutionModule] = await WGSL_LOADERS[id]();
  const manifest = parseExerciseManifest(manifestModule.default, `exercises/${id}/exercise.ts`);
  const grader = graderModule.default as WgslGrader;
  if (manifest.kind !== 'wgsl' || grader?.kind !== 'wgsl') throw new Error(`exercises/${id}: expected a WGSL exercise with a WGSL grader`);
  return { manifest, grader, solution: solutionModule.default };
}

export async function loadTsExercise(id: TsExerciseId): Promise<TsExercise> {
  const [manifestModule, graderModule, solutionModule] = await TS_LOADERS[id]();
  const manifest = parseExerciseManifest(manifestModule.default, `exercises/${id}/exercise.ts`);
  const grader = graderModule.default as TsGrader;
  if (manifest.kind !== 'ts' || grader?.kind !== 'ts') throw new Error(`exercises/${id}: expected a TypeScript exercise with a TypeScript grader`);
  return { manifest, grader, solution: solutionModule.default };
}

// ---------------------------------------------------------------------------
// Checking and choosing

/**
 * Chooses the code for a WGSL exercise, checking saved code on `device` with
 * the exercise's grader exactly as the exercise page does: every case on the
 * GPU, then the CPU simulator's memory check (races, out-of-bounds accesses
 * and the exercise's budgets, e.g. matmul-tiled's "each element read once per
 * workgroup", so an untiled kernel is not timed as a tiled one). The
 * simulator runs on this thread for up to a second or so: call this from a
 * worker.
 */
export async function chooseWgslKernel(
  device: GPUDevice,
  id: WgslExerciseId,
  saved: string | undefined,
  timeoutMs = DEFAULT_CHECK_TIMEOUT_MS,
): Promise<ChosenCode> {
  const { manifest, grader, solution } = await loadWgslExercise(id);
  return chooseCode(
    id,
    saved,
    solution,
    async (code) => verdictOf(await gradeWgsl({ device, manifest, grader, code, seed: CHECK_SEED })),
    timeoutMs,
  );
}

/** The learner's linearBackward: (engine, x, w, dy) → { dx, dw, db }. */
export type LinearBackward = (
  engine: Engine,
  x: engineModule.Tensor,
  w: engineModule.Tensor,
  dy: engineModule.Tensor,
) => { dx: engineModule.Tensor; dw: engineModule.Tensor; db: engineModule.Tensor };

export interface ChosenFunction<F> extends ChosenCode {
  readonly fn: F;
}

/**
 * Chooses the code for a TypeScript exercise (checked with its grader on
 * `engine`) and loads its export. Runs the learner's code on this thread: call
 * it from a worker, so that an endless loop in it can be ended by terminating
 * the worker.
 */
export async function chooseTsFunction(
  engine: Engine,
  id: TsExerciseId,
  saved: string | undefined,
  timeoutMs = DEFAULT_CHECK_TIMEOUT_MS,
): Promise<ChosenFunction<LinearBackward>> {
  const { manifest, grader, solution } = await loadTsExercise(id);
  const chosen = await chooseCode(
    id,
    saved,
    solution,
    async (code) => verdictOf(await gradeTs({ engine, manifest, grader, code, seed: CHECK_SEED })),
    timeoutMs,
  );
  return { ...chosen, fn: loadTsExport(chosen.code, manifest.exportName) as LinearBackward };
}

const silentConsole = { log() {}, info() {}, warn() {}, error() {} };

/**
 * Evaluates a TypeScript module as the grader does (sucrase strips the types,
 * the engine is its only import) and returns its export `name`. Throws if the
 * module does not parse, throws while loading, or lacks the function.
 */
export function loadTsExport(code: string, name: string): (...args: never[]) => unknown {
  const exports = evaluateLearnerModule(compileLearnerTs(code), silentConsole);
  const fn = exports[name];
  if (typeof fn !== 'function') throw new Error(`the module exports no function named ${name}`);
  return fn as (...args: never[]) => unknown;
}

/** The learner's saved code for each id (undefined where there is none), from their progress in this browser. */
export function readSavedCode<Id extends LearnerExerciseId>(ids: readonly Id[], storage?: StorageLike): Record<Id, string | undefined> {
  const store = new ProgressStore(storage ? { storage } : {});
  const { progress } = store.load();
  return Object.fromEntries(ids.map((id) => [id, progress.exercises[id]?.code])) as Record<Id, string | undefined>;
}

// ---------------------------------------------------------------------------
// The loop guard inside an engine custom op

/** A binding number no exercise uses: the guard's storage declaration there is replaced (see below). */
const PLACEHOLDER_BINDING = { group: 0, binding: 999 } as const;

/**
 * Instruments a learner's kernel with the loop guard (src/runner/loop-guard.ts)
 * for use as an engine custom op. The engine binds exactly the op's inputs,
 * output and uniform in group 0, so there is no slot for the guard's status
 * buffer; its declaration is replaced by a workgroup-memory array of the same
 * atomics. Every loop still stops after the guard's limit, so the kernel
 * cannot hang the GPU; what is lost is only the report of which loop tripped,
 * which the grader's check (with the full guard) gives beforehand.
 */
export function guardForCustomOp(code: string, maxIterations?: number): string {
  const guard = instrumentLoops(code, { errorBinding: PLACEHOLDER_BINDING, ...(maxIterations ? { maxIterations } : {}) });
  const status = `${guard.prefix}status`;
  const declaration = `@group(${PLACEHOLDER_BINDING.group}) @binding(${PLACEHOLDER_BINDING.binding}) var<storage, read_write> ${status}: array<atomic<u32>>;`;
  if (!guard.code.includes(declaration)) {
    throw new Error(`guardForCustomOp: the loop guard's status declaration changed (expected "${declaration}"); update src/demos/learner-kernels.ts`);
  }
  return guard.code.replace(declaration, `var<workgroup> ${status}: array<atomic<u32>, ${guard.statusWords}>;`);
}
