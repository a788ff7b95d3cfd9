/**
 * The part of WGSL grading that does not depend on where the kernel runs:
 * preparing a case (seeded inputs, poisoned outputs, the CPU reference) and
 * judging the outputs that came back (comparison, worst element, grids, the
 * sentence a learner reads). Used by the GPU harness (wgsl-grade.ts) and the
 * CPU simulator harness (sim-grade.ts), so both grade identically.
 */
import type { WgslExerciseManifest } from '../exercises/schema';
import type { CaseReport, RunReport } from '../runner/protocol';
import { compareArrays, formatResultGrid } from './compare';
import { POISON, type GradingCase, type HostArray, type Tolerance, type WgslGrader } from './define';
import { resolveKernel, type ResolvedBinding, type ResolvedKernel } from './expression';
import { createRng, deriveSeed } from './random';

/** Grids are shown for failing outputs up to this many elements. */
const GRID_MAX_ELEMENTS = 256;

export interface PreparedCase {
  readonly testCase: GradingCase;
  readonly seed: number;
  readonly resolved: ResolvedKernel;
  /** Initial contents of every binding, by name. */
  readonly initial: Readonly<Record<string, HostArray>>;
  /** Expected final contents of the checked read_write bindings, by name. */
  readonly expected: Readonly<Record<string, HostArray>>;
  /** Bindings whose final contents are compared. */
  readonly checked: readonly ResolvedBinding[];
}

const ARRAY_TYPES = { f32: Float32Array, i32: Int32Array, u32: Uint32Array } as const;

function poisoned(type: ResolvedBinding['type'], length: number): HostArray {
  return new ARRAY_TYPES[type](length).fill(POISON[type]);
}

function checkInput(binding: ResolvedBinding, data: HostArray | undefined, exerciseId: string): HostArray {
  if (!data) {
    if (binding.access === 'read_write') return poisoned(binding.type, binding.length);
    throw new Error(`${exerciseId}: grader.inputs() returned no data for binding "${binding.name}"`);
  }
  const expectedType = ARRAY_TYPES[binding.type];
  // A uniform struct may mix scalar types; its words are checked by count only.
  if (binding.access !== 'uniform' && !(data instanceof expectedType)) {
    throw new Error(`${exerciseId}: grader.inputs().${binding.name} must be a ${expectedType.name} (binding type ${binding.type})`);
  }
  if (data.length !== binding.length) {
    throw new Error(`${exerciseId}: grader.inputs().${binding.name} has ${data.length} elements, the manifest says ${binding.length}`);
  }
  return data;
}

export function prepareCase(manifest: WgslExerciseManifest, grader: WgslGrader, testCase: GradingCase, runSeed: number): PreparedCase {
  const seed = deriveSeed(runSeed, testCase.name);
  const rng = createRng(seed);
  const resolved = resolveKernel(manifest.kernel, testCase.params);
  const provided = grader.inputs(testCase.params, rng);
  const initial: Record<string, HostArray> = {};
  for (const binding of resolved.bindings) initial[binding.name] = checkInput(binding, provided[binding.name], manifest.id);
  // The reference gets copies: it must not be able to change what the kernel is given.
  const copies = Object.fromEntries(Object.entries(initial).map(([name, data]) => [name, data.slice()]));
  const expected = grader.reference(copies, testCase.params);
  const checked = resolved.bindings.filter((b) => expected[b.name] !== undefined);
  if (checked.length === 0) throw new Error(`${manifest.id}: grader.reference() returned no output to check for case "${testCase.name}"`);
  return { testCase, seed, resolved, initial, expected, checked };
}

function toleranceFor(grader: WgslGrader, params: Readonly<Record<string, number>>): Tolerance {
  return typeof grader.tolerance === 'function' ? grader.tolerance(params) : grader.tolerance;
}

/** Typed view of a checked binding's final contents. */
export function typedOutput(binding: ResolvedBinding, bytes: ArrayBuffer, byteOffset: number): HostArray {
  return new ARRAY_TYPES[binding.type](bytes, byteOffset, binding.length);
}

/** Compares every checked output of a case; the case is as good as its worst output. */
export function judgeCase(
  grader: WgslGrader,
  prepared: PreparedCase,
  outputs: Readonly<Record<string, HostArray>>,
  timeMs: number,
): CaseReport {
  const { testCase } = prepared;
  const tolerance = toleranceFor(grader, testCase.params);
  let result: CaseReport | undefined;
  for (const binding of prepared.checked) {
    const want = prepared.expected[binding.name]!;
    const got = outputs[binding.name]!;
    const shape = grader.shape?.(binding.name, testCase.params) ?? [binding.length];
    const comparison = compareArrays(want, got, { shape, atol: tolerance.atol, rtol: tolerance.rtol });
    const poison = ARRAY_TYPES[binding.type].of(POISON[binding.type])[0];
    const worst = comparison.worst;
    // The poison value marks elements nobody should touch or everybody must write: say which.
    const note =
      comparison.pass || !worst
        ? ''
        : worst.expected === poison
          ? ' — that element lies past the end of the data and must stay untouched: is an invocation missing its bounds guard?'
          : worst.got === poison
            ? ' — that element was never written'
            : '';
    const report: CaseReport = {
      name: testCase.name,
      hidden: !!testCase.hidden,
      passed: comparison.pass,
      explanation: comparison.pass
        ? `${binding.name} matches (max |error| ${comparison.maxAbsError.toExponential(2)})`
        : `${binding.name}: ${comparison.message}${note}`,
      tolerance,
      maxAbsError: comparison.maxAbsError,
      maxRelError: comparison.maxRelError,
      mismatches: comparison.mismatchCount,
      ...(worst ? { worst: { index: worst.index, expected: worst.expected, got: worst.got } } : {}),
      ...(binding.length <= GRID_MAX_ELEMENTS && !comparison.pass
        ? { grid: formatResultGrid(want, got, { shape, atol: tolerance.atol, rtol: tolerance.rtol }) }
        : {}),
      seed: prepared.seed,
      timeMs,
    };
    if (!result || (result.passed && !report.passed)) result = report;
  }
  return result!;
}

/** Hidden cases keep only their verdict and seed, so their data cannot be special-cased. */
export function hideCase(c: CaseReport): CaseReport {
  if (!c.hidden || c.passed) return c;
  return {
    name: c.name,
    hidden: true,
    passed: false,
    explanation: 'A hidden case failed. Its inputs are not shown; check your kernel on other sizes.',
    ...(c.seed !== undefined ? { seed: c.seed } : {}),
    timeMs: c.timeMs,
  };
}

/** The final report once every case has a verdict. */
export function summarise(
  base: Pick<RunReport, 'exerciseId' | 'seed' | 'timings'> & Partial<Pick<RunReport, 'device'>>,
  cases: readonly CaseReport[],
): RunReport {
  const failed = cases.filter((c) => !c.passed);
  const first = failed[0];
  return {
    ...base,
    status: failed.length === 0 ? 'passed' : 'failed',
    summary:
      failed.length === 0
        ? `All ${cases.length} cases pass.`
        : `${failed.length} of ${cases.length} cases fail. First: ${first!.name}${first!.hidden ? ' (hidden)' : `: ${first!.explanation}`}`,
    diagnostics: [],
    cases: cases.map(hideCase),
    console: [],
  };
}
