/**
 * Measurement maths for the WorkerSpeedup demo: which worker counts to try,
 * medians, speedup and efficiency rows, and Amdahl's law fitted to measured
 * speedups.
 *
 * The fit: Amdahl's S(N) = 1 / ((1 - p) + p/N) rearranges to
 *   1 - 1/S = p * (1 - 1/N),
 * a straight line through the origin in x = 1 - 1/N, y = 1 - 1/S. Least
 * squares through the origin gives p = sum(x*y) / sum(x*x). With a single
 * multi-worker point (N = 2 on a two-core machine) this is exactly the p that
 * reproduces that point.
 */

/** Amdahl's speedup on n workers for parallel fraction p. */
export function amdahlSpeedup(p: number, n: number): number {
  return 1 / (1 - p + p / n);
}

/** Median of a non-empty list (mean of the middle two for even lengths). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('median: needs at least one value, got an empty list');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Worker counts to measure: 1, 2, 4, ... up to the core count (capped at
 * `cap`), with the core count itself added when it is not a power of two.
 * With `oversubscribe`, also twice the core count (capped too), to show that
 * workers beyond the cores do not help.
 */
export function workerCounts(hardwareConcurrency: number | undefined, cap = 16, oversubscribe = false): number[] {
  const cores = Math.max(1, Math.min(cap, Math.floor(hardwareConcurrency ?? 1) || 1));
  const counts: number[] = [];
  for (let n = 1; n <= cores; n *= 2) counts.push(n);
  if (counts[counts.length - 1] !== cores) counts.push(cores);
  const over = Math.min(cap, cores * 2);
  if (oversubscribe && over > cores) counts.push(over);
  return counts;
}

export interface SpeedupRow {
  readonly workers: number;
  /** Median wall time, ms. */
  readonly ms: number;
  /** One-worker time / this time. */
  readonly speedup: number;
  /** speedup / workers. */
  readonly efficiency: number;
}

/** Speedup and efficiency for each measured worker count, relative to the 1-worker time. */
export function speedupRows(times: readonly { workers: number; ms: number }[]): SpeedupRow[] {
  const base = times.find((t) => t.workers === 1);
  if (!base) throw new RangeError('speedupRows: needs the 1-worker time as the baseline; measure workers = 1 first');
  return times.map(({ workers, ms }) => {
    const speedup = base.ms / ms;
    return { workers, ms, speedup, efficiency: speedup / workers };
  });
}

/**
 * Parallel fraction p of Amdahl's law, fitted by least squares on
 * 1 - 1/S = p (1 - 1/N) to the points with 1 < N <= maxWorkers (workers
 * beyond the cores break the model's assumption that each worker has its
 * own core). Clamped to [0, 1]. Returns null if no point qualifies.
 */
export function fitParallelFraction(points: readonly { workers: number; speedup: number }[], maxWorkers = Infinity): number | null {
  let sxy = 0;
  let sxx = 0;
  for (const { workers, speedup } of points) {
    if (workers <= 1 || workers > maxWorkers || !(speedup > 0)) continue;
    const x = 1 - 1 / workers;
    const y = 1 - 1 / speedup;
    sxy += x * y;
    sxx += x * x;
  }
  if (sxx === 0) return null;
  return Math.min(1, Math.max(0, sxy / sxx));
}

/** Amdahl's ceiling 1 / (1 - p); Infinity for p = 1. */
export function amdahlCeiling(p: number): number {
  return p >= 1 ? Infinity : 1 / (1 - p);
}
