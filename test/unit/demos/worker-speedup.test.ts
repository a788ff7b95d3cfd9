// Pure logic of the WorkerSpeedup demo (lesson 3): chunking the job, sizing
// it, choosing worker counts, and fitting Amdahl's law to measured speedups.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { amdahlCeiling, amdahlSpeedup, fitParallelFraction, median, speedupRows, workerCounts } from '../../../src/demos/worker-speedup/amdahl';
import { elementsForTarget, splitRange, sumRange, workloadTerm } from '../../../src/demos/worker-speedup/workload';

describe('splitRange', () => {
  it('covers [0, total) with contiguous chunks whose lengths differ by at most one', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 1, max: 40 }), (total, parts) => {
        const ranges = splitRange(total, parts);
        expect(ranges).toHaveLength(parts);
        expect(ranges[0]!.start).toBe(0);
        expect(ranges[parts - 1]!.end).toBe(total);
        for (let k = 1; k < parts; k++) expect(ranges[k]!.start).toBe(ranges[k - 1]!.end);
        const lengths = ranges.map((r) => r.end - r.start);
        expect(Math.max(...lengths) - Math.min(...lengths)).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('rejects zero parts and negative totals with the operation named', () => {
    expect(() => splitRange(10, 0)).toThrow(/splitRange: parts/);
    expect(() => splitRange(-1, 2)).toThrow(/splitRange: total/);
  });
});

describe('sumRange', () => {
  it('sums the terms in index order', () => {
    let expected = 0;
    for (let i = 3; i < 50; i++) expected += workloadTerm(i);
    expect(sumRange(3, 50)).toBe(expected);
    expect(workloadTerm(4)).toBeCloseTo(2 * Math.sin(4), 15);
  });

  it('chunk sums add up to the whole sum, to rounding', () => {
    const whole = sumRange(0, 200_000);
    for (const parts of [2, 3, 7, 16]) {
      const combined = splitRange(200_000, parts).reduce((s, r) => s + sumRange(r.start, r.end), 0);
      expect(Math.abs(combined - whole)).toBeLessThan(1e-6 * Math.max(1, Math.abs(whole)));
    }
  });

  it('rejects a reversed range', () => {
    expect(() => sumRange(5, 2)).toThrow(/sumRange\(5, 2\)/);
  });
});

describe('elementsForTarget', () => {
  it('scales the calibration rate to the target time, rounded to 10,000', () => {
    expect(elementsForTarget(2_000_000, 20, 1000)).toBe(100_000_000);
    expect(elementsForTarget(2_000_000, 30, 1000)).toBe(66_670_000);
  });
  it('never returns fewer than 100,000 elements', () => {
    expect(elementsForTarget(1000, 1000, 1)).toBe(100_000);
  });
});

describe('workerCounts', () => {
  it('doubles up to the core count and adds a core count that is not a power of two', () => {
    expect(workerCounts(2)).toEqual([1, 2]);
    expect(workerCounts(8)).toEqual([1, 2, 4, 8]);
    expect(workerCounts(6)).toEqual([1, 2, 4, 6]);
    expect(workerCounts(1)).toEqual([1]);
  });
  it('caps at 16 and treats a missing hardwareConcurrency as one core', () => {
    expect(workerCounts(64)).toEqual([1, 2, 4, 8, 16]);
    expect(workerCounts(undefined)).toEqual([1]);
  });
  it('adds twice the cores when asked to oversubscribe, still capped', () => {
    expect(workerCounts(2, 16, true)).toEqual([1, 2, 4]);
    expect(workerCounts(6, 16, true)).toEqual([1, 2, 4, 6, 12]);
    expect(workerCounts(16, 16, true)).toEqual([1, 2, 4, 8, 16]);
  });
});

describe('median', () => {
  it('takes the middle value, or the mean of the middle two', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(() => median([])).toThrow(/median/);
  });
});

describe('speedupRows', () => {
  it('divides the 1-worker time by each time, and efficiency by the workers', () => {
    const rows = speedupRows([
      { workers: 1, ms: 1000 },
      { workers: 2, ms: 550 },
      { workers: 4, ms: 400 },
    ]);
    expect(rows[1]!.speedup).toBeCloseTo(1000 / 550, 12);
    expect(rows[2]!.efficiency).toBeCloseTo(2.5 / 4, 12);
    expect(rows[0]!.speedup).toBe(1);
  });
  it('needs the 1-worker baseline', () => {
    expect(() => speedupRows([{ workers: 2, ms: 10 }])).toThrow(/1-worker/);
  });
});

describe('fitParallelFraction', () => {
  it('recovers p from exact Amdahl speedups', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), (p) => {
        const points = [1, 2, 4, 8, 16].map((n) => ({ workers: n, speedup: amdahlSpeedup(p, n) }));
        expect(fitParallelFraction(points)).toBeCloseTo(p, 9);
      }),
    );
  });

  it('with one 2-worker point, gives the p that reproduces it', () => {
    const p = fitParallelFraction([{ workers: 1, speedup: 1 }, { workers: 2, speedup: 1.8 }])!;
    expect(amdahlSpeedup(p, 2)).toBeCloseTo(1.8, 12);
    expect(p).toBeCloseTo(2 * (1 - 1 / 1.8), 12);
  });

  it('leaves out worker counts above the cores, and returns null with no usable point', () => {
    const points = [{ workers: 1, speedup: 1 }, { workers: 2, speedup: 1.8 }, { workers: 4, speedup: 1.2 }];
    expect(fitParallelFraction(points, 2)).toBeCloseTo(fitParallelFraction(points.slice(0, 2))!, 12);
    expect(fitParallelFraction([{ workers: 1, speedup: 1 }])).toBeNull();
  });

  it('clamps to [0, 1] when measurements are worse than serial or better than ideal', () => {
    expect(fitParallelFraction([{ workers: 2, speedup: 0.5 }])).toBe(0);
    expect(fitParallelFraction([{ workers: 2, speedup: 2.5 }])).toBe(1);
  });
});

describe('amdahl', () => {
  it('matches the lesson table for p = 0.95', () => {
    expect(amdahlSpeedup(0.95, 10)).toBeCloseTo(6.9, 1);
    expect(amdahlSpeedup(0.95, 1000)).toBeCloseTo(19.6, 1);
    expect(amdahlCeiling(0.95)).toBeCloseTo(20, 9);
    expect(amdahlCeiling(1)).toBe(Infinity);
  });
});
