/**
 * Runs a learner's kernel on the CPU simulator (src/simulator) for grading:
 * either as the whole grading run when the browser has no WebGPU, or beside
 * the GPU run as a memory check that catches what a GPU hides — reads and
 * writes out of bounds (WebGPU clamps or drops them), data races that happen
 * to give the right answer, barriers in divergent control flow — and the
 * exercise's memory-traffic budgets. Also holds `judgeOutputs`, the verdict
 * both harnesses give a case (element by element, or as an image with a
 * mismatch allowance when the grader sets `imageCompare`).
 */
import type { WgslExerciseManifest } from '../exercises/schema';
import type { CaseReport, Diagnostic, RunReport } from '../runner/protocol';
import { simulate } from '../simulator/index';
import type { Budget, SimError, SimulationResult } from '../simulator/index';
import { compareImages, formatResultGrid } from './compare';
import { POISON, type HostArray, type ImageCompare, type WgslGrader } from './define';
import { judgeCase, prepareCase, summarise, type PreparedCase } from './wgsl-cases';

/** Errors that mean "the kernel is wrong", as opposed to "the simulator cannot run it". */
const LEARNER_ERRORS = new Set<SimError['kind']>(['out-of-bounds', 'race', 'non-uniform-barrier']);
/** The memory check beside a GPU run simulates only cases up to this many invocations. */
const CHECK_MAX_INVOCATIONS = 4096;
const DEFAULT_MAX_LOOP_ITERATIONS = 100_000;

function budgetsOf(manifest: WgslExerciseManifest): Budget[] {
  const b = manifest.budgets;
  const budgets: Budget[] = [];
  if (b?.maxGlobalReadsPerInvocation !== undefined) budgets.push({ kind: 'globalReadsPerInvocation', max: b.maxGlobalReadsPerInvocation });
  if (b?.maxGlobalWritesPerInvocation !== undefined) budgets.push({ kind: 'globalWritesPerInvocation', max: b.maxGlobalWritesPerInvocation });
  for (const [variable, max] of Object.entries(b?.maxGlobalReadsPerElementPerWorkgroup ?? {})) {
    budgets.push({ kind: 'globalReadsPerElementPerWorkgroup', variable, max });
  }
  return budgets;
}

export function simulateCase(
  manifest: WgslExerciseManifest,
  code: string,
  prepared: PreparedCase,
  options: { trace?: boolean; snapshots?: boolean } = {},
): SimulationResult {
  return simulate({
    code,
    entryPoint: manifest.kernel.entryPoint,
    bindings: prepared.resolved.bindings.map((b) => ({ group: 0, binding: b.binding, data: prepared.initial[b.name]!.slice() })),
    workgroups: prepared.resolved.dispatch,
    limits: {
      maxLoopIterations: manifest.budgets?.maxLoopIterations ?? DEFAULT_MAX_LOOP_ITERATIONS,
      maxTraceEvents: options.trace ? 20_000 : 0,
    },
    budgets: budgetsOf(manifest),
    ...(options.snapshots ? { snapshotWorkgroupMemory: true } : {}),
  });
}

function invocationCount(manifest: WgslExerciseManifest, prepared: PreparedCase): number {
  const [x, y, z] = prepared.resolved.dispatch;
  const [wx, wy, wz] = manifest.kernel.workgroupSize;
  return x * y * z * wx * wy * wz;
}

function toDiagnostic(error: SimError): Diagnostic {
  return { severity: 'error', message: error.message, line: Math.max(1, error.line), column: Math.max(1, error.column) };
}

/**
 * The memory check beside a GPU run: simulates the smallest visible cases and
 * returns a failing case for each race, out-of-bounds access, divergent
 * barrier or exceeded budget. Simulator limitations are not held against the
 * learner: they yield nothing.
 */
export function memoryCheck(manifest: WgslExerciseManifest, grader: WgslGrader, code: string, seed: number): { cases: CaseReport[]; diagnostics: Diagnostic[] } {
  const candidates = grader.cases
    .filter((c) => !c.hidden)
    .map((c) => prepareCase(manifest, grader, c, seed))
    .filter((p) => invocationCount(manifest, p) <= CHECK_MAX_INVOCATIONS)
    .sort((a, b) => invocationCount(manifest, b) - invocationCount(manifest, a))
    .slice(0, 2);
  const cases: CaseReport[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const prepared of candidates) {
    const started = performance.now();
    const result = simulateCase(manifest, code, prepared);
    const learnerErrors = result.errors.filter((e) => LEARNER_ERRORS.has(e.kind));
    const budgetFailures = result.budgetReports.filter((r) => !r.ok);
    if (learnerErrors.length === 0 && budgetFailures.length === 0) continue;
    const first = learnerErrors[0];
    const what = first ? { race: 'data race', 'out-of-bounds': 'out-of-bounds access', 'non-uniform-barrier': 'barrier not reached by every invocation' }[first.kind as 'race'] : 'memory budget exceeded';
    cases.push({
      name: `memory check on the CPU simulator (${prepared.testCase.name}): ${what}`,
      hidden: false,
      passed: false,
      explanation: first ? first.message : budgetFailures[0]!.message,
      seed: prepared.seed,
      timeMs: performance.now() - started,
    });
    diagnostics.push(...learnerErrors.slice(0, 3).map(toDiagnostic));
    break; // one clear explanation is enough; the same bug repeats in bigger cases
  }
  return { cases, diagnostics };
}

/** Grades entirely on the CPU simulator (browsers without WebGPU). */
export function gradeWgslOnSimulator(input: { manifest: WgslExerciseManifest; grader: WgslGrader; code: string; seed: number }): RunReport {
  const { manifest, grader, code, seed } = input;
  const started = performance.now();
  const cases: CaseReport[] = [];
  const base = { exerciseId: manifest.id, seed, device: 'CPU simulator (no WebGPU here)' };
  for (const testCase of grader.cases) {
    const caseStarted = performance.now();
    const prepared = prepareCase(manifest, grader, testCase, seed);
    const result = simulateCase(manifest, code, prepared);
    const compileErrors = result.errors.filter((e) => e.kind === 'parse' || e.kind === 'validation' || e.kind === 'unsupported');
    if (compileErrors.length > 0) {
      const first = compileErrors[0]!;
      return {
        ...base,
        status: 'compile-error',
        summary: `Your kernel does not compile: line ${first.line}, column ${first.column}: ${first.message}`,
        diagnostics: compileErrors.map(toDiagnostic),
        cases: [],
        console: [],
        timings: { compileMs: 0, totalMs: performance.now() - started },
      };
    }
    const fatal = result.errors.find((e) => e.kind === 'loop-limit' || e.kind === 'step-limit' || e.kind === 'runtime');
    if (fatal) {
      return {
        ...base,
        status: 'runtime-error',
        summary: fatal.message,
        diagnostics: [toDiagnostic(fatal)],
        cases,
        console: [],
        timings: { compileMs: 0, totalMs: performance.now() - started },
      };
    }
    const outputs: Record<string, HostArray> = {};
    for (const binding of prepared.checked) {
      const data = result.buffers.get(binding.name);
      // The simulator returns only buffers the entry point uses; an unused output keeps its initial contents.
      outputs[binding.name] = (data as HostArray | undefined) ?? prepared.initial[binding.name]!;
    }
    const verdict = judgeOutputs(grader, prepared, outputs, performance.now() - caseStarted);
    const learnerError = result.errors.find((e) => LEARNER_ERRORS.has(e.kind));
    const budget = result.budgetReports.find((r) => !r.ok);
    cases.push(
      learnerError || budget
        ? { ...verdict, passed: false, explanation: `${learnerError ? learnerError.message : budget!.message}${verdict.passed ? '' : ` Also: ${verdict.explanation}`}` }
        : verdict,
    );
  }
  const report = summarise({ ...base, timings: { compileMs: 0, totalMs: performance.now() - started } }, cases);
  return { ...report, summary: `Simulated on the CPU: ${report.summary}` };
}

/**
 * Judges a case's outputs: element by element (judgeCase), or, for the output
 * a grader marks with `imageCompare`, as an image with a mismatch allowance.
 * The GPU harness (wgsl-grade.ts) and the simulator above both call this, so
 * a kernel gets the same verdict wherever it runs.
 */
export function judgeOutputs(
  grader: WgslGrader,
  prepared: PreparedCase,
  outputs: Readonly<Record<string, HostArray>>,
  timeMs: number,
): CaseReport {
  const image = grader.imageCompare;
  if (!image) return judgeCase(grader, prepared, outputs, timeMs);
  const imageBinding = prepared.checked.find((b) => b.name === image.output);
  if (!imageBinding) {
    throw new Error(
      `grader.imageCompare.output is "${image.output}", but the reference returned no such output for case ` +
        `"${prepared.testCase.name}" (checked: ${prepared.checked.map((b) => b.name).join(', ')}); fix the grader`,
    );
  }
  const imageReport = judgeImage(image, imageBinding.type, prepared, outputs[image.output]!, timeMs);
  const others = prepared.checked.filter((b) => b !== imageBinding);
  if (others.length === 0) return imageReport;
  const otherReport = judgeCase(grader, { ...prepared, checked: others }, outputs, timeMs);
  return !imageReport.passed || otherReport.passed ? imageReport : otherReport;
}

const GRID_SIDE = 16;

function judgeImage(
  image: ImageCompare,
  type: keyof typeof POISON,
  prepared: PreparedCase,
  got: HostArray,
  timeMs: number,
): CaseReport {
  const { testCase } = prepared;
  const want = prepared.expected[image.output]!;
  const width = image.width(testCase.params);
  const height = image.height(testCase.params);
  const { atol, rtol } = image.pixelTolerance;
  const comparison = compareImages(want, got, { width, height, atol, rtol, maxMismatchFraction: image.maxMismatchFraction });
  // The poison value (as stored in the buffer's element type) marks pixels never written and padding nobody may touch.
  const poison = (type === 'f32' ? Float32Array : type === 'i32' ? Int32Array : Uint32Array).of(POISON[type])[0]!;
  const padding = comparison.firstPaddingMismatch;
  const notes: string[] = [];
  if (comparison.worst && comparison.worst.got === poison) notes.push('that pixel was never written');
  if (padding && padding.expected === poison) {
    notes.push('the elements after the image must stay untouched: is an invocation missing its bounds guard?');
  }
  const note = comparison.pass || notes.length === 0 ? '' : ` — ${notes.join('; ')}`;
  // Centre the grid on the pixel that matters: the worst mismatch, else the first changed padding element.
  const rowsInBuffer = width > 0 && want.length % width === 0 ? want.length / width : 0;
  const focus = comparison.worst?.flatIndex ?? padding?.flatIndex;
  const grid =
    !comparison.pass && comparison.status === 'compared' && focus !== undefined && rowsInBuffer > 0
      ? formatResultGrid(want, got, {
          shape: [rowsInBuffer, width],
          atol,
          rtol,
          firstRow: Math.floor(focus / width) - GRID_SIDE / 2,
          firstCol: (focus % width) - GRID_SIDE / 2,
        })
      : undefined;
  const worst = comparison.worst;
  return {
    name: testCase.name,
    hidden: !!testCase.hidden,
    passed: comparison.pass,
    explanation: `${image.output}: ${comparison.message}${note}`,
    tolerance: image.pixelTolerance,
    maxAbsError: comparison.maxAbsError,
    mismatches: comparison.mismatchCount + comparison.paddingMismatchCount,
    ...(worst ? { worst: { index: [worst.y, worst.x], expected: worst.expected, got: worst.got } } : {}),
    ...(grid ? { grid } : {}),
    seed: prepared.seed,
    timeMs,
  };
}
