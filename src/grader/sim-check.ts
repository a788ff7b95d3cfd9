/**
 * Runs a learner's kernel on the CPU simulator (src/simulator) for grading:
 * either as the whole grading run when the browser has no WebGPU, or beside
 * the GPU run as a memory check that catches what a GPU hides — reads and
 * writes out of bounds (WebGPU clamps or drops them), data races that happen
 * to give the right answer, barriers in divergent control flow — and the
 * exercise's memory-traffic budgets.
 */
import type { WgslExerciseManifest } from '../exercises/schema';
import type { CaseReport, Diagnostic, RunReport } from '../runner/protocol';
import { simulate } from '../simulator/index';
import type { Budget, SimError, SimulationResult } from '../simulator/index';
import type { HostArray, WgslGrader } from './define';
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

export function simulateCase(manifest: WgslExerciseManifest, code: string, prepared: PreparedCase, options: { trace?: boolean } = {}): SimulationResult {
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
    const verdict = judgeCase(grader, prepared, outputs, performance.now() - caseStarted);
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
