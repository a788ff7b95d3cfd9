/**
 * The MatmulRace's plan and arithmetic: which sizes to race, when the
 * optional 1024 round is worth running, FLOP counts and GFLOP/s.
 */

/** Sizes always raced, smallest first. */
export const BASE_SIZES: readonly number[] = [64, 128, 256, 512];
/** Raced only if the last base size was quick enough on both sides. */
export const EXTRA_SIZE = 1024;
/** "Quick enough": each side's median time at the previous size, in ms. */
export const EXTRA_SIZE_LIMIT_MS = 2000;

/** Floating-point operations of an n x n by n x n product: n^3 multiply-adds, 2 FLOPs each. */
export function matmulFlops(n: number): number {
  return 2 * n * n * n;
}

/** GFLOP/s for an n x n product that took `ms` milliseconds. */
export function gflopsPerSecond(n: number, ms: number): number {
  if (!(ms > 0)) throw new RangeError(`gflopsPerSecond: time must be positive, got ${ms} ms for n = ${n}`);
  return matmulFlops(n) / (ms * 1e-3) / 1e9;
}

export interface SizeResult {
  readonly size: number;
  /** Median JS time, ms. */
  readonly jsMs: number;
  /** Median WebGPU time, ms; null when WebGPU is not in the race. */
  readonly gpuMs: number | null;
}

/**
 * The next size to race after `done` (results so far, in order), or null
 * when finished. The base sizes always run; EXTRA_SIZE runs only if the
 * previous size took under EXTRA_SIZE_LIMIT_MS on every side that raced
 * (roughly 8x that at double the size, times four runs).
 */
export function nextSize(done: readonly SizeResult[]): number | null {
  const base = BASE_SIZES[done.length];
  if (base !== undefined) return base;
  if (done.length > BASE_SIZES.length) return null;
  const last = done[done.length - 1];
  if (!last) return null;
  const quick = last.jsMs < EXTRA_SIZE_LIMIT_MS && (last.gpuMs === null || last.gpuMs < EXTRA_SIZE_LIMIT_MS);
  return quick ? EXTRA_SIZE : null;
}
