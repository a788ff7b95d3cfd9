/**
 * MatmulLab's arithmetic, without GPU or DOM (unit-tested in Node): the sizes
 * offered, how many dispatches a timed run batches, the median, GFLOP/s,
 * speedups, the float32 error allowed when comparing a kernel's product with
 * the engine's, and the sentences the page shows.
 */
import { median } from '../worker-speedup/amdahl';
import { gflopsPerSecond, matmulFlops } from '../matmul-race/schedule';

export { gflopsPerSecond, matmulFlops, median };

/** Square sizes N offered (C = A·B with A, B, C all N × N). */
export const SIZES = [128, 256, 512] as const;
export type LabSize = (typeof SIZES)[number];
export const DEFAULT_SIZE: LabSize = 256;

/** Timed runs per kernel after the warm-up; the median is kept. Fewer when one dispatch is slow (software GPUs). */
export const TIMED_RUNS = 5;
export const SLOW_TIMED_RUNS = 3;
export const SLOW_DISPATCH_MS = 2000;

export function timedRunsFor(warmupMs: number): number {
  return warmupMs > SLOW_DISPATCH_MS ? SLOW_TIMED_RUNS : TIMED_RUNS;
}
/** A timed run batches dispatches until it lasts about this long, so timer and submit overheads stay small. */
export const TARGET_RUN_MS = 40;
export const MAX_DISPATCHES_PER_RUN = 32;

export type KernelKind = 'naive' | 'tiled' | 'engine';
export const KERNEL_NAMES: Record<KernelKind, string> = {
  naive: 'naive (matmul-naive)',
  tiled: 'tiled (matmul-tiled)',
  engine: "engine's matmul",
};

export function parseSize(value: string | null | undefined): LabSize {
  return SIZES.find((n) => String(n) === value) ?? DEFAULT_SIZE;
}

/** Dispatches per timed run, from the warm-up dispatch's time: enough for ~TARGET_RUN_MS, at least 1. */
export function dispatchesPerRun(warmupMs: number): number {
  if (!(warmupMs > 0) || !Number.isFinite(warmupMs)) return MAX_DISPATCHES_PER_RUN;
  return Math.max(1, Math.min(MAX_DISPATCHES_PER_RUN, Math.ceil(TARGET_RUN_MS / warmupMs)));
}

/** Milliseconds per dispatch: the median over runs of (run time / dispatches in it). */
export function msPerDispatch(runTimesMs: readonly number[], dispatches: number): number {
  if (!Number.isInteger(dispatches) || dispatches < 1) throw new RangeError(`msPerDispatch: dispatches must be a whole number >= 1, got ${dispatches}`);
  return median(runTimesMs) / dispatches;
}

/** How many times faster `ms` is than `baselineMs` (> 1: faster). */
export function speedup(baselineMs: number, ms: number): number {
  if (!(baselineMs > 0) || !(ms > 0)) throw new RangeError(`speedup: times must be positive, got ${baselineMs} ms and ${ms} ms`);
  return baselineMs / ms;
}

/**
 * Largest |difference| two correct float32 products of N × K by K × N
 * matrices with entries in [-1, 1] can have. Each is within (K + 2)·u·Σ|terms|
 * of the exact value, in any summation order (u = 2^-24), and Σ|terms| <= K,
 * so two of them differ by at most twice that. Real errors are far smaller; a
 * wrong index gives differences of order 1, far larger.
 */
export function matmulTolerance(k: number): number {
  return 2 * (k + 2) * k * 2 ** -24;
}

/** max |a[i] − b[i]| over the first `count` elements; NaN or a missing element counts as infinitely wrong. */
export function maxAbsDifference(a: ArrayLike<number>, b: ArrayLike<number>, count: number): number {
  if (a.length < count || b.length < count) return Number.POSITIVE_INFINITY;
  let worst = 0;
  for (let i = 0; i < count; i++) {
    const d = Math.abs(a[i]! - b[i]!);
    if (!(d <= worst)) worst = Number.isNaN(d) ? Number.POSITIVE_INFINITY : d;
  }
  return worst;
}

export interface KernelResult {
  readonly size: number;
  readonly kernel: KernelKind;
  /** Which code ran, short form (shortOriginLabel), or what the engine is. */
  readonly code: string;
  readonly yours: boolean;
  readonly ms: number;
  /** max |C − engine's C|; 0 for the engine itself. */
  readonly maxError: number;
  readonly correct: boolean;
  /** Set when the loop guard stopped a loop during the timed runs. */
  readonly guardTripped?: string;
}

const fixed = (value: number, digits: number): string => (value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(digits));

export const format = {
  ms: (ms: number): string => fixed(ms, ms < 1 ? 3 : 2),
  gflops: (g: number): string => (g >= 100 ? g.toFixed(0) : g >= 10 ? g.toFixed(1) : g.toPrecision(3)),
  ratio: (r: number): string => `${r >= 10 ? r.toFixed(0) : r.toFixed(2)}×`,
  error: (e: number): string => (e === 0 ? '0' : Number.isFinite(e) ? e.toExponential(1) : 'not comparable'),
};

/** The speedup of each kernel over the naive kernel at the same size, or null before the naive one is measured. */
export function speedupOverNaive(results: readonly KernelResult[], row: KernelResult): number | null {
  const naive = results.find((r) => r.size === row.size && r.kernel === 'naive');
  return naive ? speedup(naive.ms, row.ms) : null;
}

/** The headline the issue asks for: the tiled kernel's speedup over the naive one, whoever wrote each. */
export function headline(results: readonly KernelResult[], size: number): string | null {
  const naive = results.find((r) => r.size === size && r.kernel === 'naive');
  const tiled = results.find((r) => r.size === size && r.kernel === 'tiled');
  if (!naive || !tiled) return null;
  const whose = (r: KernelResult): string => (r.yours ? 'your' : "the course's");
  const ratio = speedup(naive.ms, tiled.ms);
  const verb = ratio >= 1 ? `ran ${format.ratio(ratio)} as fast as` : `took ${format.ratio(1 / ratio)} as long as`;
  return `At N = ${size}, ${whose(tiled)} tiled kernel ${verb} ${whose(naive)} naive kernel (${format.gflops(gflopsPerSecond(size, tiled.ms))} vs ${format.gflops(gflopsPerSecond(size, naive.ms))} GFLOP/s).`;
}
