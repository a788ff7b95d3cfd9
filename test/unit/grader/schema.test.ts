// Exercise manifests and their size expressions: what validates, what is
// refused and with which message, and how sizes resolve for a case.
import { describe, expect, it } from 'vitest';
import {
  exerciseManifestSchema,
  parseExerciseManifest,
  type ExerciseManifestInput,
  type KernelInterface,
} from '../../../src/exercises/schema';
import { ExpressionError, evaluateCount, parseSizeExpression, resolveKernel } from '../../../src/grader/expression';

const vectorAdd: ExerciseManifestInput = {
  id: 'vector-add',
  title: 'Add two vectors',
  kind: 'wgsl',
  difficulty: 1,
  summary: 'Write a kernel where each invocation adds one pair of elements.',
  hints: ['One invocation per element: use global_invocation_id.x.', 'Guard against reading past n.'],
  kernel: {
    workgroupSize: [64, 1, 1],
    params: ['n'],
    bindings: [
      { binding: 0, name: 'a', access: 'read', type: 'f32', length: 'n' },
      { binding: 1, name: 'b', access: 'read', type: 'f32', length: 'n' },
      { binding: 2, name: 'out', access: 'read_write', type: 'f32', length: 'n' },
      { binding: 3, name: 'params', access: 'uniform', type: 'u32', length: '1' },
    ],
    dispatch: ['ceil(n / 64)', '1', '1'],
  },
  budgets: { maxGlobalReadsPerInvocation: 2, maxLoopIterations: 1000 },
};

const issuesOf = (data: unknown): string[] => {
  const result = exerciseManifestSchema.safeParse(data);
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
};

describe('exercise manifest schema', () => {
  it('accepts a WGSL manifest and fills in defaults', () => {
    const manifest = parseExerciseManifest(vectorAdd, 'exercises/vector-add/exercise.ts');
    expect(manifest.kind).toBe('wgsl');
    expect(manifest.timeLimitMs).toBe(5000);
    expect(manifest.prompt).toBe('prompt.md');
    if (manifest.kind !== 'wgsl') throw new Error('narrowing');
    expect(manifest.kernel.entryPoint).toBe('main');
  });

  it('accepts a TypeScript manifest without a kernel', () => {
    const manifest = parseExerciseManifest(
      { id: 'relu-forward', title: 'ReLU forward', kind: 'ts', difficulty: 2, summary: 'Implement ReLU with the tensor ops.', hints: ['max(x, 0)'] },
      'relu',
    );
    expect(manifest).toMatchObject({ kind: 'ts', exportName: 'solution' });
  });

  it('refuses bad top-level fields, naming each', () => {
    expect(issuesOf({ ...vectorAdd, id: 'Vector_Add' })).toEqual(['id: exercise ids are kebab-case, e.g. "vector-add"']);
    expect(issuesOf({ ...vectorAdd, difficulty: 6 })[0]).toMatch(/^difficulty: /);
    expect(issuesOf({ ...vectorAdd, hints: [] })[0]).toMatch(/^hints: /);
    expect(issuesOf({ ...vectorAdd, timeLimitMs: 10 })[0]).toMatch(/^timeLimitMs: /);
    expect(issuesOf({ ...vectorAdd, prompt: '../secret.md' })[0]).toMatch(/^prompt: a Markdown file name/);
    expect(issuesOf({ ...vectorAdd, kind: 'python' })[0]).toMatch(/^kind: /);
    expect(issuesOf({ ...vectorAdd, extra: true })[0]).toMatch(/Unrecognized key/);
  });

  it('refuses kernel interfaces that break WebGPU limits or contradict themselves', () => {
    const kernel = vectorAdd.kind === 'wgsl' ? vectorAdd.kernel : undefined;
    const withKernel = (patch: Partial<NonNullable<typeof kernel>>) => ({ ...vectorAdd, kernel: { ...kernel, ...patch } });
    expect(issuesOf(withKernel({ workgroupSize: [16, 16, 2] }))).toEqual([
      'kernel.workgroupSize: x·y·z must be at most 256 (maxComputeInvocationsPerWorkgroup)',
    ]);
    expect(issuesOf(withKernel({ workgroupSize: [1, 1, 65] }))[0]).toMatch(/^kernel.workgroupSize.2: /);
    expect(issuesOf(withKernel({ entryPoint: '__main' }))).toEqual(['kernel.entryPoint: WGSL reserves "_" and names that start with "__"']);
    expect(
      issuesOf(withKernel({ bindings: [{ binding: 0, name: 'a', access: 'read', type: 'f32', length: 'n' }, { binding: 0, name: 'a', access: 'read', type: 'f32', length: 'n' }] })),
    ).toEqual(['kernel.bindings.1.binding: binding 0 is used twice', 'kernel.bindings.1.name: name "a" is used twice']);
  });

  it('checks size expressions when the manifest loads: syntax, functions and declared parameters', () => {
    const kernel = vectorAdd.kind === 'wgsl' ? vectorAdd.kernel : undefined;
    const withDispatch = (dispatch: [string, string, string]) => ({ ...vectorAdd, kernel: { ...kernel, dispatch } });
    expect(issuesOf(withDispatch(['ceil(n / 64', '1', '1']))).toEqual([
      'kernel.dispatch.0: size expression "ceil(n / 64": expected ")" at character 12',
    ]);
    expect(issuesOf(withDispatch(['round(n)', '1', '1']))[0]).toMatch(/unknown function "round" \(known: ceil, floor, min, max\)/);
    expect(issuesOf(withDispatch(['ceil(m / 64)', '1', '1']))).toEqual([
      'kernel.dispatch.0: "ceil(m / 64)" uses "m", which is not in params [n]; declare it there',
    ]);
  });

  it('gives a readable error naming the file', () => {
    expect(() => parseExerciseManifest({ ...vectorAdd, difficulty: 0 }, 'exercises/vector-add/exercise.ts')).toThrow(
      /^exercises\/vector-add\/exercise.ts: invalid exercise manifest\n✖ .*\n {2}→ at difficulty/,
    );
  });
});

describe('size expressions', () => {
  it('follows precedence, parentheses, unary minus and the four functions', () => {
    const cases: Array<[string, Record<string, number>, number]> = [
      ['n', { n: 7 }, 7],
      ['m * k + 1', { m: 3, k: 4 }, 13],
      ['m * (k + 1)', { m: 3, k: 4 }, 15],
      ['ceil(n / 64)', { n: 65 }, 2],
      ['floor(n / 64)', { n: 127 }, 1],
      ['n - -2', { n: 1 }, 3],
      ['max(1, n % 4, 2)', { n: 7 }, 3],
      ['min(n, 16) * 2', { n: 40 }, 32],
      ['  2.5 * 2 ', {}, 5],
    ];
    for (const [source, params, value] of cases) expect(parseSizeExpression(source).evaluate(params), source).toBe(value);
    expect(parseSizeExpression('max(m, n) + m').names).toEqual(['m', 'n']);
  });

  it('points at the character where parsing failed', () => {
    for (const [source, position] of [['n +', 3], ['n $ 2', 2], ['(n', 2], ['n n', 2], ['ceil(1, 2)', 0], ['', 0]] as const) {
      const attempt = () => parseSizeExpression(source);
      expect(attempt, source).toThrow(ExpressionError);
      try {
        attempt();
      } catch (error) {
        expect((error as ExpressionError).position, source).toBe(position);
      }
    }
  });

  it('evaluates counts and explains results that are not whole or are missing parameters', () => {
    expect(evaluateCount('binding 0 length', 'n * 2', { n: 4 })).toBe(8);
    expect(() => evaluateCount('binding 0 length', 'n / 2', { n: 5 })).toThrow(
      'binding 0 length "n / 2" gives 2.5 for case {"n":5}; it must be a whole number >= 0 (wrap divisions in floor() or ceil())',
    );
    expect(() => evaluateCount('dispatch x', 'n - 10', { n: 5 })).toThrow(/gives -5/);
    expect(() => evaluateCount('dispatch x', 'm', { n: 5 })).toThrow(/parameter "m" is missing from the case \(it has n\)/);
  });

  it('resolves a kernel interface to buffer sizes and a dispatch grid for a case', () => {
    const manifest = parseExerciseManifest(vectorAdd, 'vector-add');
    if (manifest.kind !== 'wgsl') throw new Error('narrowing');
    const resolved = resolveKernel(manifest.kernel, { n: 1000 });
    expect(resolved.dispatch).toEqual([16, 1, 1]);
    expect(resolved.bindings.map((b) => [b.name, b.length, b.byteSize])).toEqual([
      ['a', 1000, 4000],
      ['b', 1000, 4000],
      ['out', 1000, 4000],
      ['params', 1, 16], // a uniform struct's size rounds up to 16 bytes
    ]);
    const huge: KernelInterface = { ...manifest.kernel, dispatch: ['n', '1', '1'] };
    expect(() => resolveKernel(huge, { n: 70_000 })).toThrow(/dispatch x "n" gives 70000 workgroups .* limit of 65535/);
  });
});
