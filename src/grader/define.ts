/**
 * What an exercise's `grader.ts` exports: its test cases and the CPU reference
 * that decides what a right answer is ("the reference function is the
 * grader"). The harnesses in src/grader/wgsl-grade.ts and ts-grade.ts run the
 * learner's code on these cases and compare.
 */
import type { Engine } from '../engine/index';
import type { Rng } from './random';

export type HostArray = Float32Array | Int32Array | Uint32Array;

export interface Tolerance {
  /** Absolute tolerance. */
  readonly atol: number;
  /** Relative tolerance, a fraction of |expected|. */
  readonly rtol: number;
}

export interface GradingCase {
  /** Shown in the results, e.g. "n = 1", "random n = 1000". */
  readonly name: string;
  /** Values for the manifest's size expressions (WGSL) or for the grader's own use (TS). */
  readonly params: Readonly<Record<string, number>>;
  /** Hidden cases report only pass/fail and their seed. */
  readonly hidden?: boolean;
}

export interface WgslGrader {
  readonly kind: 'wgsl';
  readonly cases: readonly GradingCase[];
  /**
   * Initial contents of the buffers for one case, by binding name, drawn from
   * `rng` (seeded per case). `read` and `uniform` buffers must be returned;
   * `read_write` buffers not returned start filled with {@link POISON} so
   * that elements the kernel never writes are caught.
   */
  inputs(params: Readonly<Record<string, number>>, rng: Rng): Record<string, HostArray>;
  /**
   * Expected final contents of the read_write buffers the grader checks, by
   * name, computed on the CPU from the initial contents of every buffer.
   */
  reference(buffers: Readonly<Record<string, HostArray>>, params: Readonly<Record<string, number>>): Record<string, HostArray>;
  readonly tolerance: Tolerance | ((params: Readonly<Record<string, number>>) => Tolerance);
  /** Logical shape of an output for messages and grids (default: its length, 1-D). */
  shape?(name: string, params: Readonly<Record<string, number>>): number[];
  /**
   * Grade one output as an image instead of element by element: see
   * {@link ImageCompare}. Other checked outputs are still compared with
   * `tolerance`.
   */
  readonly imageCompare?: ImageCompare;
}

/**
 * Image comparison for outputs where a right kernel may legitimately differ
 * from the reference in a few pixels (e.g. a fractal: near its boundary, f32
 * rounding and fused multiply-adds change some pixels' values), while a wrong
 * kernel differs in many. The case passes when at most `maxMismatchFraction`
 * of the width × height pixels fail `pixelTolerance`. The image fills the
 * output's first width·height elements, row-major; elements after it (padding
 * that catches writes past the image) must all match, with no allowance.
 * Applied identically on the GPU and on the CPU simulator.
 */
export interface ImageCompare {
  /** Name of the read_write binding that holds the image. */
  readonly output: string;
  /** Pixels per row and number of rows for a case. */
  readonly width: (params: Readonly<Record<string, number>>) => number;
  readonly height: (params: Readonly<Record<string, number>>) => number;
  /** Largest fraction of the pixels that may fail pixelTolerance, in [0, 1]; state in the grader why this much. */
  readonly maxMismatchFraction: number;
  /** When one pixel counts as equal to the reference. */
  readonly pixelTolerance: Tolerance;
}

/** What a TS case yields: arrays to compare, or a verdict for checks that are not elementwise (e.g. "accuracy >= 95%"). */
export type TsCaseOutcome =
  | {
      readonly got: ArrayLike<number>;
      readonly expected: ArrayLike<number>;
      readonly shape: readonly number[];
      readonly tolerance: Tolerance;
    }
  | { readonly passed: boolean; readonly explanation: string };

export interface TsGrader {
  readonly kind: 'ts';
  readonly cases: readonly GradingCase[];
  /**
   * Runs the learner's exported function on one case. `learner` is their
   * export; `engine` is a fresh engine on the worker's backend. Tensors the
   * case creates are freed by the harness afterwards.
   */
  run(context: {
    readonly learner: (...args: never[]) => unknown;
    readonly engine: Engine;
    readonly params: Readonly<Record<string, number>>;
    readonly rng: Rng;
  }): Promise<TsCaseOutcome>;
}

export type Grader = WgslGrader | TsGrader;

/** Fill value of unwritten outputs: a finite number no reference produces by accident. */
export const POISON = { f32: -1.2345678e30, i32: -1234567891, u32: 3456789012 } as const;

export function defineWgslGrader(grader: Omit<WgslGrader, 'kind'>): WgslGrader {
  return { kind: 'wgsl', ...grader };
}

export function defineTsGrader(grader: Omit<TsGrader, 'kind'>): TsGrader {
  return { kind: 'ts', ...grader };
}
