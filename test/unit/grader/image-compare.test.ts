// Image comparison for graders (WgslGrader.imageCompare): a fraction of the
// pixels may fail the per-pixel tolerance and no more, elements after the
// image get no allowance, the explanation names the count, the share, the
// allowance and the first and worst pixel, the grid is centred on the worst
// pixel, and the GPU and CPU-simulator harnesses give the same verdicts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareImages, formatPercent, formatResultGrid } from '../../../src/grader/compare';
import { defineWgslGrader, POISON, type ImageCompare, type WgslGrader } from '../../../src/grader/define';
import { gradeWgslOnSimulator, judgeOutputs } from '../../../src/grader/sim-check';
import { judgeCase, prepareCase } from '../../../src/grader/wgsl-cases';
import { gradeWgsl } from '../../../src/grader/wgsl-grade';
import { wgslExerciseSchema, type WgslExerciseManifest } from '../../../src/exercises/schema';
import { requireNodeGpu } from '../../support/node-gpu';

/** A width × height ramp 0, 1, 2, ... with `wrong` pixels (flat indices) off by `by`. */
function ramp(width: number, height: number, wrong: readonly number[] = [], by = 1): Float32Array {
  const image = Float32Array.from({ length: width * height }, (_, i) => i);
  for (const i of wrong) image[i]! += by;
  return image;
}

const exact = { atol: 0, rtol: 0 };

describe('compareImages', () => {
  it('passes with exactly floor(fraction · pixels) mismatches and fails with one more', () => {
    // 20 × 10 = 200 pixels; 2% allows 4.
    const expected = ramp(20, 10);
    const atLimit = compareImages(expected, ramp(20, 10, [3, 50, 51, 199]), { width: 20, height: 10, ...exact, maxMismatchFraction: 0.02 });
    expect(atLimit).toMatchObject({ pass: true, mismatchCount: 4, allowedMismatches: 4, mismatchFraction: 0.02 });
    const above = compareImages(expected, ramp(20, 10, [3, 50, 51, 120, 199]), { width: 20, height: 10, ...exact, maxMismatchFraction: 0.02 });
    expect(above).toMatchObject({ pass: false, mismatchCount: 5, allowedMismatches: 4 });
  });

  it('rounds the allowance down but not below a product that floats to just under a whole number', () => {
    // 0.005 · 1000 is 5 exactly in intent; floor must not give 4.
    expect(compareImages(new Float32Array(1000), new Float32Array(1000), { width: 100, height: 10, ...exact, maxMismatchFraction: 0.005 }).allowedMismatches).toBe(5);
    // 0.5% of 199 pixels is 0.995: no pixel may differ.
    expect(compareImages(new Float32Array(199), new Float32Array(199), { width: 199, height: 1, ...exact, maxMismatchFraction: 0.005 }).allowedMismatches).toBe(0);
  });

  it('applies the per-pixel tolerance before counting', () => {
    const expected = ramp(4, 4);
    const got = ramp(4, 4, [0, 1, 2], 0.25);
    expect(compareImages(expected, got, { width: 4, height: 4, atol: 0.25, rtol: 0, maxMismatchFraction: 0 }).pass).toBe(true);
    expect(compareImages(expected, got, { width: 4, height: 4, atol: 0.2, rtol: 0, maxMismatchFraction: 0 })).toMatchObject({ pass: false, mismatchCount: 3 });
  });

  it('explains the count, the share, the allowance and the first and worst pixel as (x, y) with yours vs expected', () => {
    // Pixel 23 of a 10-wide image is (x 3, y 2); pixel 47 is (x 7, y 4) and is off by more.
    const got = ramp(10, 5, [23]);
    got[47] = 0;
    const report = compareImages(ramp(10, 5), got, { width: 10, height: 5, ...exact, maxMismatchFraction: 0.02 });
    expect(report.pass).toBe(false);
    expect(report.message).toBe(
      '2 of 50 pixels (4%) differ; up to 2% may differ (1 pixel here); first at (x 3, y 2): yours 24, expected 23; ' +
        'worst at (x 7, y 4): yours 0, expected 47 (|diff| 47 > tolerance 0 + 0·47)',
    );
    expect(report.firstMismatch).toMatchObject({ x: 3, y: 2, got: 24, expected: 23 });
    expect(report.worst).toMatchObject({ x: 7, y: 4, got: 0, expected: 47 });
  });

  it('says a passing image with mismatches is within the allowance, and a clean one matches', () => {
    const within = compareImages(ramp(10, 10), ramp(10, 10, [55]), { width: 10, height: 10, ...exact, maxMismatchFraction: 0.01 });
    expect(within.pass).toBe(true);
    expect(within.message).toBe(
      '1 of 100 pixels (1%) differs, within the allowance: up to 1% may differ (1 pixel here); first and worst at (x 5, y 5): yours 56, expected 55 (|diff| 1 > tolerance 0 + 0·55)',
    );
    expect(compareImages(ramp(3, 2), ramp(3, 2), { width: 3, height: 2, ...exact, maxMismatchFraction: 0 }).message).toBe(
      'all 6 pixels of the 3 × 2 image match (max |diff| 0)',
    );
  });

  it('gives the elements after the image no allowance', () => {
    // 4 × 4 image followed by 4 padding elements that must keep -1.
    const expected = Float32Array.from([...ramp(4, 4), -1, -1, -1, -1]);
    const got = expected.slice();
    got[17] = 5;
    const report = compareImages(expected, got, { width: 4, height: 4, ...exact, maxMismatchFraction: 0.5 });
    expect(report).toMatchObject({ pass: false, mismatchCount: 0, paddingMismatchCount: 1 });
    expect(report.message).toContain('but 1 element past the image changed, first element 17: yours 5, expected -1');
  });

  it('reports NaN pixels as the worst, and never throws on data', () => {
    const got = ramp(4, 1, [1], 0.5);
    got[2] = NaN;
    const report = compareImages(ramp(4, 1), got, { width: 4, height: 1, atol: 1, rtol: 0, maxMismatchFraction: 0 });
    expect(report.worst).toMatchObject({ x: 2, kind: 'got-nan' });
    expect(report.message).toContain('NaN where a number belongs');
    expect(compareImages(ramp(4, 1), ramp(3, 1), { width: 4, height: 1, ...exact, maxMismatchFraction: 0 })).toMatchObject({ pass: false, status: 'length-mismatch' });
    expect(compareImages(ramp(4, 1), ramp(4, 1), { width: 4, height: 2, ...exact, maxMismatchFraction: 0 })).toMatchObject({ pass: false, status: 'shape-mismatch' });
  });

  it('rejects an allowance outside [0, 1] as a grader bug', () => {
    expect(() => compareImages([1], [1], { width: 1, height: 1, ...exact, maxMismatchFraction: 1.5 })).toThrow(/maxMismatchFraction must be in \[0, 1\]/);
    expect(() => compareImages([1], [1], { width: 1, height: 1, ...exact, maxMismatchFraction: NaN })).toThrow(RangeError);
  });

  it('formats shares with two significant digits', () => {
    expect([formatPercent(0), formatPercent(0.00033), formatPercent(0.0475), formatPercent(1)]).toEqual(['0%', '0.033%', '4.8%', '100%']);
  });
});

describe('formatResultGrid windows', () => {
  it('starts the window where asked and moves it back inside the view', () => {
    const values = ramp(40, 30);
    const middle = formatResultGrid(values, values, { shape: [30, 40], ...exact, firstRow: 5, firstCol: 10 });
    expect(middle.cells[0]![0]).toMatchObject({ index: [5, 10], expected: 5 * 40 + 10 });
    expect([middle.firstRow, middle.firstCol]).toEqual([5, 10]);
    const corner = formatResultGrid(values, values, { shape: [30, 40], ...exact, firstRow: 25, firstCol: -3 });
    expect([corner.firstRow, corner.firstCol]).toEqual([14, 0]);
    expect(corner.cells[15]![15]).toMatchObject({ index: [29, 15] });
  });

  it('leaves grids without a window exactly as before', () => {
    const grid = formatResultGrid([1, 2, 3, 4], [1, 2, 3, 5], { shape: [2, 2], ...exact });
    expect(grid).not.toHaveProperty('firstRow');
    expect(grid.cells[1]![1]).toMatchObject({ index: [1, 1], pass: false });
  });
});

// A kernel that writes a ramp and gets every pixel whose index is ≡ 3 (mod 10) wrong: 10% of the pixels.
const TENTH_WRONG = `
struct Dims { width: u32, height: u32 }
@group(0) @binding(0) var<storage, read_write> out: array<f32>;
@group(0) @binding(1) var<uniform> dims: Dims;
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) id: vec3u) {
  let i = id.x;
  if (i >= dims.width * dims.height) { return; }
  out[i] = f32(i) + select(0.0, 1.0, i % 10u == 3u);
}`;

const manifest: WgslExerciseManifest = wgslExerciseSchema.parse({
  id: 'image-compare-test',
  title: 'image compare test',
  kind: 'wgsl',
  difficulty: 1,
  summary: 'A kernel for the image comparison tests.',
  hints: ['none'],
  kernel: {
    workgroupSize: [64, 1, 1],
    params: ['w', 'h'],
    bindings: [
      { binding: 0, name: 'out', access: 'read_write', type: 'f32', length: 'w * h + 8' },
      { binding: 1, name: 'dims', access: 'uniform', type: 'u32', length: '2' },
    ],
    dispatch: ['ceil(w * h / 64)', '1', '1'],
  },
});

function rampGrader(maxMismatchFraction: number): WgslGrader {
  const image: ImageCompare = { output: 'out', width: ({ w }) => w!, height: ({ h }) => h!, maxMismatchFraction, pixelTolerance: exact };
  return defineWgslGrader({
    // 30 × 10 = 300 pixels, 30 of them wrong.
    cases: [{ name: '30 × 10', params: { w: 30, h: 10 } }],
    inputs: ({ w, h }) => ({ dims: Uint32Array.of(w!, h!) }),
    reference: ({ out }, { w, h }) => {
      const expected = Float32Array.from(out!);
      for (let i = 0; i < w! * h!; i++) expected[i] = i;
      return { out: expected };
    },
    tolerance: exact,
    imageCompare: image,
  });
}

describe('judgeOutputs', () => {
  it('judges the image output with the allowance and centres the grid on the worst pixel', () => {
    const grader = rampGrader(0.05);
    const prepared = prepareCase(manifest, grader, grader.cases[0]!, 1);
    const got = Float32Array.from(prepared.expected.out!);
    got[3 * 30 + 20] = 1000; // (x 20, y 3)
    for (let i = 0; i < 30; i++) got[i * 10 + 5]! += 1; // with (x 20, y 3): 31 wrong pixels, 10.3% > 5%
    got[300] = 7; // a padding element
    const report = judgeOutputs(grader, prepared, { out: got }, 0);
    expect(report.passed).toBe(false);
    expect(report.explanation).toMatch(/^out: 31 of 300 pixels \(10%\) differ; up to 5% may differ \(15 pixels here\); first at \(x 5, y 0\)/);
    expect(report.explanation).toContain('worst at (x 20, y 3): yours 1000, expected 110');
    expect(report.explanation).toContain('is an invocation missing its bounds guard?');
    expect(report.worst).toEqual({ index: [3, 20], expected: 110, got: 1000 });
    // The buffer is 308 elements = 30 columns × ~10.3 rows, not whole rows: the grid shows the image part only.
    expect(report.grid).toBeUndefined();
    expect(report.tolerance).toEqual(exact);
  });

  it('shows a grid window around the worst pixel when the buffer is whole rows', () => {
    const grader = rampGrader(0);
    const wide: WgslExerciseManifest = { ...manifest, kernel: { ...manifest.kernel, bindings: [{ ...manifest.kernel.bindings[0]!, length: 'w * h + w' }, manifest.kernel.bindings[1]!] } };
    const prepared = prepareCase(wide, grader, grader.cases[0]!, 1);
    const got = Float32Array.from(prepared.expected.out!);
    got[9 * 30 + 25] = -5; // (x 25, y 9)
    const report = judgeOutputs(grader, prepared, { out: got }, 0);
    expect(report.grid).toMatchObject({ rows: 11, cols: 30, firstRow: 0, firstCol: 14 });
    const flagged = report.grid!.cells.flat().filter((cell) => !cell.pass);
    expect(flagged.map((cell) => cell.index)).toEqual([[9, 25]]);
  });

  it('names unwritten pixels, and leaves graders without imageCompare to judgeCase', () => {
    const grader = rampGrader(0);
    const prepared = prepareCase(manifest, grader, grader.cases[0]!, 1);
    const got = Float32Array.from(prepared.expected.out!);
    got[42] = POISON.f32;
    expect(judgeOutputs(grader, prepared, { out: got }, 0).explanation).toContain('that pixel was never written');
    const plain: WgslGrader = { ...grader, imageCompare: undefined };
    expect(judgeOutputs(plain, prepared, { out: got }, 3)).toEqual(judgeCase(plain, prepared, { out: got }, 3));
  });
});

describe('image comparison in both harnesses', () => {
  let device: GPUDevice;
  beforeAll(async () => {
    const gpu = await requireNodeGpu();
    device = await (await gpu.requestAdapter())!.requestDevice({ label: 'image compare tests' });
  });
  afterAll(() => device?.destroy());

  it('passes a kernel with 10% wrong pixels at a 10% allowance and fails it at 9%, on the GPU and on the simulator', async () => {
    for (const [fraction, status] of [[0.1, 'passed'], [0.09, 'failed']] as const) {
      const grader = rampGrader(fraction);
      const onGpu = await gradeWgsl({ device, manifest, grader, code: TENTH_WRONG, seed: 7 });
      const onSimulator = gradeWgslOnSimulator({ manifest, grader, code: TENTH_WRONG, seed: 7 });
      expect(onGpu.status, onGpu.summary).toBe(status);
      expect(onSimulator.status, onSimulator.summary).toBe(status);
      expect(onGpu.cases[0]!.explanation).toBe(onSimulator.cases[0]!.explanation);
      expect(onGpu.cases[0]!.explanation).toContain('30 of 300 pixels (10%) differ');
    }
  });
});
