/**
 * The exercise manifest: what `exercises/<id>/exercise.ts` must say about an
 * exercise. The manifest is data (title, hints, the kernel's interface, limits);
 * the exercise's grader module supplies the test cases and the CPU reference.
 *
 * Sizes that depend on a test case (buffer lengths, the dispatch grid) are
 * written as small arithmetic strings over the case's named parameters, e.g.
 * `length: "m * k"` or `dispatch: ["ceil(n / 64)", "1", "1"]` (grammar in
 * src/grader/expression.ts). They are parsed when the manifest is validated,
 * so a typo or an undeclared parameter fails at load time, not mid-grading;
 * the grader evaluates them per case with `resolveKernel`.
 */
import { z } from 'zod';
import { exerciseIdSchema } from '../course/schema';
import { parseSizeExpression } from '../grader/expression';

/** A WGSL identifier; WGSL reserves names that start with two underscores. */
const wgslIdentifier = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an identifier: letters, digits and _, not starting with a digit')
  .refine((name) => !name.startsWith('__') && name !== '_', 'WGSL reserves "_" and names that start with "__"');

/** A size expression such as "n", "m * k" or "ceil(n / 64)"; checked for syntax here. */
const sizeExpression = z.string().superRefine((source, ctx) => {
  try {
    parseSizeExpression(source);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: (error as Error).message });
  }
});

const positiveInt = z.number().int().min(1);

export const bindingSchema = z
  .object({
    /** The `@binding(n)` index. Every binding of a graded kernel lives in `@group(0)`. */
    binding: z.number().int().min(0).max(999),
    /** The variable's name in the kernel, shown to the learner (e.g. "a", "out"). */
    name: wgslIdentifier,
    /**
     * How the kernel sees the buffer: `read` is `var<storage, read>`, `read_write`
     * is `var<storage, read_write>` (the grader reads these back and compares
     * them), `uniform` is `var<uniform>` holding a struct of `length` scalars of
     * `type` (e.g. `struct Params { n: u32, k: u32 }`).
     */
    access: z.enum(['read', 'read_write', 'uniform']),
    /** Element type of the array (or of each field of a uniform struct). */
    type: z.enum(['f32', 'i32', 'u32']),
    /** Number of elements for a case, as a size expression over the case parameters (e.g. "n", "m * n"). */
    length: sizeExpression,
  })
  .strict();

export const kernelInterfaceSchema = z
  .object({
    /** Name of the `@compute` function the grader dispatches. */
    entryPoint: wgslIdentifier.default('main'),
    /**
     * `@workgroup_size(x, y, z)` the kernel must declare. WebGPU's default limits:
     * x, y <= 256, z <= 64, x·y·z <= 256.
     */
    workgroupSize: z
      .tuple([positiveInt.max(256), positiveInt.max(256), positiveInt.max(64)])
      .refine(([x, y, z]) => x * y * z <= 256, 'x·y·z must be at most 256 (maxComputeInvocationsPerWorkgroup)'),
    /** Names of the numeric parameters every test case defines (e.g. ["n"]); size expressions may use only these. */
    params: z.array(wgslIdentifier).default([]),
    /** The buffers the kernel declares, by binding index. */
    bindings: z.array(bindingSchema).min(1),
    /** Workgroups to dispatch along x, y, z for a case, each a size expression (e.g. ["ceil(n / 64)", "1", "1"]). */
    dispatch: z.tuple([sizeExpression, sizeExpression, sizeExpression]),
  })
  .strict()
  .superRefine((kernel, ctx) => {
    const seenBindings = new Set<number>();
    const seenNames = new Set<string>();
    kernel.bindings.forEach((binding, i) => {
      if (seenBindings.has(binding.binding)) {
        ctx.addIssue({ code: 'custom', path: ['bindings', i, 'binding'], message: `binding ${binding.binding} is used twice` });
      }
      if (seenNames.has(binding.name)) {
        ctx.addIssue({ code: 'custom', path: ['bindings', i, 'name'], message: `name "${binding.name}" is used twice` });
      }
      seenBindings.add(binding.binding);
      seenNames.add(binding.name);
    });
    const declared = new Set(kernel.params);
    const checkNames = (source: string, path: (string | number)[]): void => {
      let names: readonly string[];
      try {
        names = parseSizeExpression(source).names;
      } catch {
        return; // the syntax error is already reported by the field's own schema
      }
      for (const name of names) {
        if (!declared.has(name)) {
          ctx.addIssue({
            code: 'custom',
            path,
            message: `"${source}" uses "${name}", which is not in params [${kernel.params.join(', ')}]; declare it there`,
          });
        }
      }
    };
    kernel.bindings.forEach((binding, i) => checkNames(binding.length, ['bindings', i, 'length']));
    kernel.dispatch.forEach((source, axis) => checkNames(source, ['dispatch', axis]));
  });

export const budgetsSchema = z
  .object({
    /** Most reads of storage/uniform memory one invocation may make (checked by the CPU simulator's access trace). */
    maxGlobalReadsPerInvocation: z.number().int().min(0).optional(),
    /** Most writes to storage memory one invocation may make. */
    maxGlobalWritesPerInvocation: z.number().int().min(0).optional(),
    /**
     * Most times one workgroup may read each element of the named storage
     * buffers, e.g. `{ a: 1, b: 1 }` for a tiled matmul that must load every
     * element once into workgroup memory instead of re-reading it per invocation.
     */
    maxGlobalReadsPerElementPerWorkgroup: z.record(z.string(), z.number().int().min(1)).optional(),
    /**
     * Iterations after which the loop guard stops a loop as runaway (see
     * src/runner/loop-guard.ts). Raise it only for exercises whose correct
     * solution loops that long in one invocation.
     */
    maxLoopIterations: z.number().int().min(1).max(2 ** 31).optional(),
  })
  .strict();

const commonFields = {
  /** Kebab-case id, equal to the folder name under exercises/; lessons name exercises by it. */
  id: exerciseIdSchema,
  /** Title shown above the editor. */
  title: z.string().min(3).max(90),
  /** Difficulty from 1 (a first kernel) to 5 (hard); shown as a label. */
  difficulty: z.number().int().min(1).max(5),
  /** Wall-clock limit for one run of all cases, in milliseconds; the runner ends the worker after it. */
  timeLimitMs: z.number().int().min(100).max(60_000).default(5000),
  /** One or two sentences on what to build, shown above the editor. */
  summary: z.string().min(10).max(240),
  /** The full task in Markdown: a file in the exercise folder (e.g. "prompt.md"). */
  prompt: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]*\.mdx?$/, 'a Markdown file name in the exercise folder, e.g. "prompt.md"')
    .default('prompt.md'),
  /** Hints revealed one at a time, from a nudge to nearly the answer; at least one. */
  hints: z.array(z.string().min(1)).min(1).max(10),
};

/**
 * A diagram under the prompt showing which invocation handles which element
 * for one small case: for kernels where invocation (x, y) handles element
 * (x, y) of the data and the rest of the grid must stay idle.
 */
export const threadGridSchema = z
  .object({
    /** The case to draw: values for the kernel's params (keep it small: a few hundred invocations). */
    params: z.record(z.string(), z.number().int().min(0)),
    /** The data the invocations cover, as size expressions: `length` for 1-D data, or `width` and `height` for a 2-D grid. */
    data: z.union([
      z.object({ length: sizeExpression }).strict(),
      z.object({ width: sizeExpression, height: sizeExpression }).strict(),
    ]),
    /** What one item of data is called in the caption, e.g. "element" or "output pixel". */
    noun: z.string().min(2).default('element'),
  })
  .strict();

export const wgslExerciseSchema = z
  .object({
    ...commonFields,
    /** A WGSL compute kernel exercise. */
    kind: z.literal('wgsl'),
    /** The kernel's contract: entry point, workgroup size, buffers and dispatch grid. */
    kernel: kernelInterfaceSchema,
    /** Optional thread-grid diagram for one-invocation-per-element kernels. */
    threadGrid: threadGridSchema.optional(),
    /** Optional limits beyond correctness, for exercises about efficiency. */
    budgets: budgetsSchema.optional(),
  })
  .strict();

export const tsExerciseSchema = z
  .object({
    ...commonFields,
    /** A TypeScript program against the course's tensor engine. */
    kind: z.literal('ts'),
    /** Name of the function the learner's module exports and the grader calls. */
    exportName: z
      .string()
      .regex(/^[A-Za-z_$][A-Za-z0-9_$]*$/, 'must be a JavaScript identifier')
      .default('solution'),
  })
  .strict();

export const exerciseManifestSchema = z.discriminatedUnion('kind', [wgslExerciseSchema, tsExerciseSchema]);

export type BindingSpec = z.infer<typeof bindingSchema>;
export type ThreadGridSpec = z.infer<typeof threadGridSchema>;
export type KernelInterface = z.infer<typeof kernelInterfaceSchema>;
export type Budgets = z.infer<typeof budgetsSchema>;
export type WgslExerciseManifest = z.infer<typeof wgslExerciseSchema>;
export type TsExerciseManifest = z.infer<typeof tsExerciseSchema>;
/** A validated manifest, defaults filled in. */
export type ExerciseManifest = z.infer<typeof exerciseManifestSchema>;
/** What an author writes (defaults optional). */
export type ExerciseManifestInput = z.input<typeof exerciseManifestSchema>;

/**
 * Validates a manifest; throws an Error naming the exercise, each bad field and
 * what is wrong with it. `origin` names the file for the message.
 */
export function parseExerciseManifest(data: unknown, origin: string): ExerciseManifest {
  const result = exerciseManifestSchema.safeParse(data);
  if (!result.success) {
    throw new Error(`${origin}: invalid exercise manifest\n${z.prettifyError(result.error)}`);
  }
  return result.data;
}
