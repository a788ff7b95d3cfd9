// Comparison with tolerance: the rule, special values, the report's fields and
// its one-line explanation, and the result grid.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compareArrays,
  compareElement,
  formatDistinct,
  formatNumber,
  formatResultGrid,
  unravelIndex,
} from '../../../src/grader/compare';

const tight = { atol: 1e-5, rtol: 1e-5 };

describe('compareElement', () => {
  it('passes at exactly |diff| == atol + rtol·|expected| and fails just past it', () => {
    // Values chosen to be exact in binary: diff 0.5, tolerance 0.25 + 0.125·2 = 0.5.
    expect(compareElement(2, 2.5, 0.25, 0.125).pass).toBe(true);
    expect(compareElement(2, 1.5, 0.25, 0.125).pass).toBe(true);
    expect(compareElement(2, 2.5000001, 0.25, 0.125).pass).toBe(false);
    expect(compareElement(0, 0, 0, 0).pass).toBe(true);
    expect(compareElement(1, 1 + Number.EPSILON, 0, 0).pass).toBe(false);
  });

  it('uses |expected| as the scale, not |got|', () => {
    // |diff| = 9 <= 0 + 1·|10|, but would exceed 1·|1| if scaled by got.
    expect(compareElement(10, 1, 0, 1).pass).toBe(true);
    expect(compareElement(1, 10, 0, 1).pass).toBe(false);
  });

  it('matches NaN with NaN only, and says which side was NaN', () => {
    expect(compareElement(NaN, NaN, 0, 0)).toMatchObject({ pass: true, absError: 0 });
    expect(compareElement(1, NaN, 1e9, 1e9)).toMatchObject({ pass: false, kind: 'got-nan', absError: Infinity });
    expect(compareElement(NaN, 1, 1e9, 1e9)).toMatchObject({ pass: false, kind: 'expected-nan' });
  });

  it('matches an infinity with the same infinity only, whatever the tolerance', () => {
    expect(compareElement(Infinity, Infinity, 0, 0).pass).toBe(true);
    expect(compareElement(-Infinity, -Infinity, 0, 0).pass).toBe(true);
    expect(compareElement(Infinity, -Infinity, 1e30, 1e30)).toMatchObject({ pass: false, kind: 'infinity' });
    expect(compareElement(Infinity, 3.4e38, 1e30, 1)).toMatchObject({ pass: false, kind: 'infinity' });
    expect(compareElement(1, Infinity, 1e30, 1e30)).toMatchObject({ pass: false, kind: 'infinity' });
  });

  it('treats -0 and 0 as equal', () => {
    expect(compareElement(0, -0, 0, 0)).toMatchObject({ pass: true, absError: 0, relError: 0 });
    expect(compareElement(-0, 0, 0, 0).pass).toBe(true);
  });

  it('agrees with the written rule on random finite values', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }), fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (expected, got, atol, rtol) => {
        expect(compareElement(expected, got, atol, rtol).pass).toBe(Math.abs(got - expected) <= atol + rtol * Math.abs(expected));
      }),
      { seed: 11 },
    );
  });
});

describe('compareArrays', () => {
  it('passes equal arrays and reports the largest difference', () => {
    const report = compareArrays([1, 2, 3, 4], Float32Array.from([1, 2, 3.000001, 4]), { shape: [2, 2], atol: 1e-5, rtol: 0 });
    expect(report.pass).toBe(true);
    expect(report.status).toBe('compared');
    expect(report.mismatchCount).toBe(0);
    expect(report.worst?.index).toEqual([1, 0]);
    expect(report.maxAbsError).toBeCloseTo(Math.fround(3.000001) - 3, 12);
    expect(report.message).toBe(`all 4 elements within tolerance (max |diff| ${formatNumber(report.maxAbsError)} at [1, 0])`);
  });

  it('finds the worst element by flat and multi-dimensional index and explains it in one line', () => {
    const expected = new Float32Array(24).fill(1);
    const got = new Float32Array(24).fill(1);
    expected[2 * 6 + 5] = 3.5; // shape [4, 6] → [2, 5]
    got[2 * 6 + 5] = 0;
    got[1] = 1.1;
    const report = compareArrays(expected, got, { shape: [4, 6], ...tight });
    expect(report.pass).toBe(false);
    expect(report.mismatchCount).toBe(2);
    expect(report.worst).toMatchObject({ flatIndex: 17, index: [2, 5], expected: 3.5, got: 0, absError: 3.5 });
    expect(report.maxAbsError).toBe(3.5);
    expect(report.maxRelError).toBe(1);
    expect(report.firstMismatches.map((m) => m.flatIndex)).toEqual([1, 17]);
    expect(report.message).toBe('element [2, 5]: expected 3.5, got 0 (|diff| 3.5 > tolerance 1e-5 + 1e-5·3.5) — 2 of 24 elements differ');
  });

  it('ranks NaN and infinity failures above any finite error, and explains them specially', () => {
    const report = compareArrays([1, 2, 3], [100, NaN, Infinity], { shape: [3], atol: 0, rtol: 0 });
    expect(report.mismatchCount).toBe(3);
    expect(report.nonFiniteMismatchCount).toBe(2);
    expect(report.maxAbsError).toBe(Infinity);
    expect(report.worst).toMatchObject({ index: [1], kind: 'got-nan' });
    expect(report.message).toMatch(/^element \[1\]: expected 2, got NaN \(NaN where a number belongs/);
    const expectedNaN = compareArrays([NaN], [0], { shape: [1], atol: 0, rtol: 0 });
    expect(expectedNaN.message).toMatch(/^element \[0\]: expected NaN, got 0 \(the reference is NaN here/);
    const infinity = compareArrays([Infinity], [-Infinity], { shape: [1], atol: 0, rtol: 0 });
    expect(infinity.message).toMatch(/^element \[0\]: expected Infinity, got -Infinity \(an infinity only matches the same infinity/);
  });

  it('passes arrays whose NaNs and infinities match', () => {
    const report = compareArrays([NaN, Infinity, -Infinity, 0], [NaN, Infinity, -Infinity, -0], { shape: [4], atol: 0, rtol: 0 });
    expect(report.pass).toBe(true);
    expect(report.maxAbsError).toBe(0);
  });

  it('limits the listed mismatches but counts them all', () => {
    const report = compareArrays(new Array(100).fill(0), new Array(100).fill(1), { shape: [10, 10], atol: 0, rtol: 0, maxListed: 3 });
    expect(report.mismatchCount).toBe(100);
    expect(report.firstMismatches.map((m) => m.index)).toEqual([[0, 0], [0, 1], [0, 2]]);
  });

  it('reports a length mismatch without throwing', () => {
    const short = compareArrays([1, 2, 3, 4, 5, 6], [1, 2, 3], { shape: [2, 3], ...tight });
    expect(short).toMatchObject({ pass: false, status: 'length-mismatch', expectedLength: 6, gotLength: 3, worst: null });
    expect(short.message).toBe('got 3 elements, expected 6 (shape [2, 3]); too few: check the output binding size and the dispatch size');
    const long = compareArrays([1], [1, 2], { shape: [1], ...tight });
    expect(long.message).toMatch(/^got 2 elements, expected 1 .*too many/);
  });

  it('reports a shape that does not fit the reference without throwing', () => {
    const report = compareArrays([1, 2, 3], [1, 2, 3], { shape: [2, 2], ...tight });
    expect(report).toMatchObject({ pass: false, status: 'shape-mismatch' });
    expect(report.message).toBe('shape [2, 2] has 4 elements but the reference has 3; the grader declares the wrong shape');
  });

  it('handles a scalar and an empty tensor', () => {
    expect(compareArrays([2], [3], { shape: [], atol: 0, rtol: 0 }).message).toBe(
      'the value: expected 2, got 3 (|diff| 1 > tolerance 0 + 0·2)',
    );
    expect(compareArrays([], [], { shape: [0, 3], atol: 0, rtol: 0 })).toMatchObject({ pass: true, worst: null });
  });

  it('rejects invalid tolerances and shapes as grader bugs', () => {
    expect(() => compareArrays([1], [1], { shape: [1], atol: -1, rtol: 0 })).toThrow(/tolerances must be finite and >= 0/);
    expect(() => compareArrays([1], [1], { shape: [1], atol: NaN, rtol: 0 })).toThrow(RangeError);
    expect(() => compareArrays([1], [1], { shape: [1.5], atol: 0, rtol: 0 })).toThrow(/shape \[1.5\]/);
  });
});

describe('formatting', () => {
  it('unravels row-major indices', () => {
    expect(unravelIndex(0, [2, 3, 4])).toEqual([0, 0, 0]);
    expect(unravelIndex(23, [2, 3, 4])).toEqual([1, 2, 3]);
    expect(unravelIndex(13, [2, 3, 4])).toEqual([1, 0, 1]);
    expect(unravelIndex(0, [])).toEqual([]);
  });

  it('prints special values readably and keeps -0 visible', () => {
    expect([NaN, Infinity, -Infinity, -0, 0, 1 / 3, 1e-7, 2.5e-5, 0.00012, 1e21].map((x) => formatNumber(x))).toEqual([
      'NaN', 'Infinity', '-Infinity', '-0', '0', '0.3333333', '1e-7', '2.5e-5', '0.00012', '1e+21',
    ]);
  });

  it('adds digits until two different values print differently', () => {
    const a = Math.fround(0.1);
    expect(formatDistinct(a, 0.1)).toEqual(['0.100000001', '0.1']);
    expect(formatDistinct(1, 1)).toEqual(['1', '1']);
  });
});

describe('formatResultGrid', () => {
  it('lays a matrix out as rows of expected/got cells with pass flags', () => {
    const grid = formatResultGrid([1, 2, 3, 4, 5, 6], [1, 2, 0, 4, 5, NaN], { shape: [2, 3], atol: 0, rtol: 0 });
    expect(grid).toMatchObject({ rows: 2, cols: 3, shownRows: 2, shownCols: 3, truncated: false, sliceIndex: [] });
    expect(grid.cells.map((row) => row.map((cell) => cell.pass))).toEqual([[true, true, false], [true, true, false]]);
    expect(grid.cells[1]![2]).toMatchObject({ index: [1, 2], expected: 6, gotText: 'NaN', expectedText: '6' });
  });

  it('cuts large tensors to 16×16 and shows a vector as one row', () => {
    const big = new Array(40 * 40).fill(0);
    const grid = formatResultGrid(big, big, { shape: [40, 40], atol: 0, rtol: 0 });
    expect([grid.shownRows, grid.shownCols, grid.truncated]).toEqual([16, 16, true]);
    expect(grid.cells).toHaveLength(16);
    expect(grid.cells.every((row) => row.length === 16)).toBe(true);
    const vector = formatResultGrid([1, 2, 3], [1, 2, 3], { shape: [3], atol: 0, rtol: 0, maxCols: 2 });
    expect([vector.rows, vector.cols, vector.shownCols, vector.truncated]).toEqual([1, 3, 2, true]);
  });

  it('shows the chosen 2-D slice of a 3-D tensor and marks missing output', () => {
    const expected = Array.from({ length: 2 * 2 * 3 }, (_, i) => i);
    const grid = formatResultGrid(expected, expected.slice(0, 8), { shape: [2, 2, 3], atol: 0, rtol: 0, sliceIndex: [1] });
    expect(grid.sliceIndex).toEqual([1]);
    expect(grid.cells[0]!.map((cell) => cell.expected)).toEqual([6, 7, 8]);
    expect(grid.cells[0]!.map((cell) => cell.index)).toEqual([[1, 0, 0], [1, 0, 1], [1, 0, 2]]);
    expect(grid.cells[0]![2]).toMatchObject({ got: undefined, gotText: '—', pass: false });
    expect(() => formatResultGrid(expected, expected, { shape: [2, 2, 3], atol: 0, rtol: 0, sliceIndex: [2] })).toThrow(/sliceIndex \[2\]/);
  });
});
