/**
 * Grades a learner's TypeScript program on the tensor engine: transpile it
 * (sucrase, which keeps line numbers), evaluate it as a module whose only
 * import is the engine, call the exported function on each case and compare
 * with the grader's CPU reference. Runs in the grading worker, and in Node for
 * `npm run check:exercises`.
 */
import { transform } from 'sucrase';
import * as engineModule from '../engine/index';
import type { Engine } from '../engine/index';
import type { TsExerciseManifest } from '../exercises/schema';
import type { CaseReport, ConsoleLine, Diagnostic, RunReport } from '../runner/protocol';
import { compareArrays, formatResultGrid } from './compare';
import type { TsGrader } from './define';
import { createRng, deriveSeed } from './random';

/** Module names a learner may import the engine by. */
const ENGINE_MODULES = new Set(['engine', '@course/engine']);
const GRID_MAX_ELEMENTS = 256;

export interface TsGradeInput {
  readonly engine: Engine;
  readonly manifest: TsExerciseManifest;
  readonly grader: TsGrader;
  readonly code: string;
  readonly seed: number;
  /** Receives the learner's console output as it happens. */
  readonly onConsole?: (line: ConsoleLine) => void;
}

/** Sucrase reports "Unexpected token (3:14)": 1-based line, 0-based column. */
function syntaxDiagnostic(error: Error): Diagnostic {
  const match = /\((\d+):(\d+)\)\s*$/.exec(error.message);
  const message = error.message.replace(/\s*\(\d+:\d+\)\s*$/, '');
  return { severity: 'error', message, line: match ? Number(match[1]) : 1, column: match ? Number(match[2]) + 1 : 1 };
}

/** Position of the learner's code in a stack trace of code evaluated by `new Function` (which adds two lines). */
function positionFromStack(stack: string | undefined): { line: number; column: number } | undefined {
  const match = /<anonymous>:(\d+):(\d+)/.exec(stack ?? '');
  if (!match) return undefined;
  return { line: Math.max(1, Number(match[1]) - 2), column: Number(match[2]) };
}

function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

function formatValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof engineModule.Tensor) return `Tensor(shape [${value.shape.join(', ')}], ${value.dtype})`;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** The learner's TypeScript as a CommonJS-style module body (sucrase strips the types and keeps line numbers). Throws on a syntax error. */
export function compileLearnerTs(code: string): string {
  return transform(code, { transforms: ['typescript', 'imports'], filePath: 'exercise.ts', preserveDynamicImport: false }).code;
}

/**
 * Runs a compiled learner module and returns its exports. The module gets its
 * own `exports`, `require` (the engine is the only module it can import) and
 * `console`, nothing else of ours. Throws whatever the module throws.
 */
export function evaluateLearnerModule(compiled: string, learnerConsole: Pick<Console, 'log' | 'info' | 'warn' | 'error'>): Record<string, unknown> {
  const exports: Record<string, unknown> = {};
  const require = (name: string): unknown => {
    if (ENGINE_MODULES.has(name)) return engineModule;
    throw new Error(`import "${name}": only the engine can be imported here (import { ... } from 'engine')`);
  };
  new Function('exports', 'require', 'console', compiled)(exports, require, learnerConsole);
  return exports;
}

export async function gradeTs({ engine, manifest, grader, code, seed, onConsole }: TsGradeInput): Promise<RunReport> {
  const started = performance.now();
  const consoleLines: ConsoleLine[] = [];
  const base = { exerciseId: manifest.id, seed, console: consoleLines };
  const record = (level: ConsoleLine['level']) => (...args: unknown[]) => {
    const line = { level, text: args.map(formatValue).join(' ') };
    consoleLines.push(line);
    onConsole?.(line);
  };
  const learnerConsole = { log: record('log'), info: record('info'), warn: record('warn'), error: record('error') };

  let compiled: string;
  try {
    compiled = compileLearnerTs(code);
  } catch (error) {
    const diagnostic = syntaxDiagnostic(error as Error);
    return {
      ...base,
      status: 'compile-error',
      summary: `Your code does not parse: line ${diagnostic.line}, column ${diagnostic.column}: ${diagnostic.message}`,
      diagnostics: [diagnostic],
      cases: [],
      timings: { compileMs: performance.now() - started, totalMs: performance.now() - started },
    };
  }
  const compileMs = performance.now() - started;

  let exports: Record<string, unknown>;
  try {
    exports = evaluateLearnerModule(compiled, learnerConsole);
  } catch (error) {
    const at = positionFromStack((error as Error)?.stack);
    return {
      ...base,
      status: 'runtime-error',
      summary: `Your module threw while loading${at ? ` (line ${at.line})` : ''}: ${describeError(error)}`,
      diagnostics: at ? [{ severity: 'error', message: describeError(error), ...at }] : [],
      cases: [],
      timings: { compileMs, totalMs: performance.now() - started },
    };
  }
  const learner = exports[manifest.exportName];
  if (typeof learner !== 'function') {
    return {
      ...base,
      status: 'compile-error',
      summary: `Export a function named ${manifest.exportName}: \`export function ${manifest.exportName}(...) { ... }\`.`,
      diagnostics: [{ severity: 'error', message: `No exported function named "${manifest.exportName}".`, line: 1, column: 1 }],
      cases: [],
      timings: { compileMs, totalMs: performance.now() - started },
    };
  }

  const cases: CaseReport[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const testCase of grader.cases) {
    const caseStarted = performance.now();
    const caseSeed = deriveSeed(seed, testCase.name);
    const rng = createRng(caseSeed);
    const hidden = !!testCase.hidden;
    const scope = engine.openScope();
    try {
      const outcome = await grader.run({ learner: learner as (...args: never[]) => unknown, engine, params: testCase.params, rng });
      if ('passed' in outcome) {
        cases.push({ name: testCase.name, hidden, passed: outcome.passed, explanation: outcome.explanation, seed: caseSeed, timeMs: 0 });
      } else {
        const { got, expected, shape, tolerance } = outcome;
        const comparison = compareArrays(expected, got, { shape, atol: tolerance.atol, rtol: tolerance.rtol });
        cases.push({
          name: testCase.name,
          hidden,
          passed: comparison.pass,
          explanation: comparison.pass ? `matches (max |error| ${comparison.maxAbsError.toExponential(2)})` : comparison.message,
          tolerance,
          maxAbsError: comparison.maxAbsError,
          maxRelError: comparison.maxRelError,
          mismatches: comparison.mismatchCount,
          ...(comparison.worst ? { worst: { index: comparison.worst.index, expected: comparison.worst.expected, got: comparison.worst.got } } : {}),
          ...(expected.length <= GRID_MAX_ELEMENTS && !comparison.pass
            ? { grid: formatResultGrid(expected, got, { shape, atol: tolerance.atol, rtol: tolerance.rtol }) }
            : {}),
          seed: caseSeed,
          timeMs: 0,
        });
      }
    } catch (error) {
      const at = positionFromStack((error as Error)?.stack);
      if (at && diagnostics.length === 0) diagnostics.push({ severity: 'error', message: describeError(error), ...at });
      cases.push({
        name: testCase.name,
        hidden,
        passed: false,
        explanation: `Your code threw${at ? ` at line ${at.line}` : ''}: ${describeError(error)}`,
        seed: caseSeed,
        timeMs: 0,
      });
    } finally {
      engine.closeScope(scope, []);
    }
    const last = cases[cases.length - 1]!;
    cases[cases.length - 1] = { ...last, timeMs: performance.now() - caseStarted };
  }

  const failed = cases.filter((c) => !c.passed);
  const firstFail = failed[0];
  return {
    ...base,
    status: failed.length === 0 ? 'passed' : 'failed',
    summary:
      failed.length === 0
        ? `All ${cases.length} cases pass.`
        : `${failed.length} of ${cases.length} cases fail. First: ${firstFail!.name}${firstFail!.hidden ? ' (hidden)' : `: ${firstFail!.explanation}`}`,
    diagnostics,
    cases: cases.map((c) =>
      c.hidden && !c.passed
        ? { name: c.name, hidden: true, passed: false, explanation: 'A hidden case failed. Its inputs are not shown; check your code on other sizes.', ...(c.seed !== undefined ? { seed: c.seed } : {}), timeMs: c.timeMs }
        : c,
    ),
    timings: { compileMs, totalMs: performance.now() - started },
  };
}
