// MandelbrotPipelines demo: the view maths, the f32 escape count, palette,
// readback unpadding and comparisons in Node, then both GPU versions (render
// pipeline and compute kernel) on Dawn, checked against the CPU image.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeWithKernel, createMandelbrotGpu, renderWithPipeline, type MandelbrotGpu } from '../../../src/demos/mandelbrot-pipelines/gpu';
import {
  compareCounts,
  countsToRgba,
  describeDifference,
  escapeCount,
  median,
  paddedBytesPerRow,
  paletteRgb,
  pointOf,
  REGIONS,
  renderRowsOnCpu,
  uniformWords,
  unpadRows,
  viewOf,
  type MandelbrotView,
} from '../../../src/demos/mandelbrot-pipelines/view';
import { requireNodeGpu } from '../../support/node-gpu';

describe('the view', () => {
  it('centres the region with square pixels', () => {
    const view = viewOf(REGIONS[0]!, 512, 384, 100);
    expect(view.scale).toBeCloseTo(3.2 / 512, 12);
    // The centre pixel (256, 192) is the region's centre.
    expect(view.x0 + 256 * view.scale).toBeCloseTo(-0.65, 12);
    expect(view.y0 + 192 * view.scale).toBeCloseTo(0, 12);
    expect(() => viewOf(REGIONS[0]!, 0, 10, 100)).toThrow(/positive integers/);
    expect(() => viewOf(REGIONS[0]!, 10, 10, 0.5)).toThrow(/maxIter/);
  });

  it('packs the uniform struct as u32, u32, f32, f32, f32, u32', () => {
    const words = uniformWords({ width: 7, height: 5, x0: -2, y0: 1.5, scale: 0.25, maxIter: 99 });
    const floats = new Float32Array(words.buffer);
    expect([words[0], words[1], floats[2], floats[3], floats[4], words[5]]).toEqual([7, 5, -2, 1.5, 0.25, 99]);
    expect(words.byteLength).toBe(32);
  });
});

describe('escapeCount', () => {
  it('counts the updates until |z|² > 4, strictly', () => {
    // c = 1: z = 0, 1, 2 (|z|² = 4, not more), 5.
    expect(escapeCount(1, 0, 50)).toBe(3);
    expect(escapeCount(-1, 0, 50)).toBe(50);
    expect(escapeCount(3, 0, 50)).toBe(1);
    expect(escapeCount(1, 0, 2)).toBe(2);
  });

  it('maps pixels to points with f32 rounding', () => {
    const view: MandelbrotView = { width: 4, height: 4, x0: -2, y0: -1, scale: 0.1, maxIter: 10 };
    const [cx, cy] = pointOf(view, 3, 2);
    expect(cx).toBe(Math.fround(-2 + Math.fround(3 * Math.fround(0.1))));
    expect(cy).toBe(Math.fround(-1 + Math.fround(2 * Math.fround(0.1))));
  });
});

describe('palette, readback and comparison', () => {
  it('paints the set black and the outside in colour', () => {
    expect(paletteRgb(100, 100)).toEqual([0, 0, 0]);
    const outside = paletteRgb(30, 100);
    expect(Math.max(...outside)).toBeGreaterThan(40);
    const rgba = countsToRgba([100, 30], 100);
    expect([...rgba.slice(0, 4)]).toEqual([0, 0, 0, 255]);
    expect([...rgba.slice(4, 7)]).toEqual(outside);
  });

  it('drops the 256-byte row padding of a texture readback', () => {
    expect(paddedBytesPerRow(512)).toBe(2048);
    expect(paddedBytesPerRow(65)).toBe(512);
    // 3 pixels of 4 bytes pad to one 256-byte row: 64 words.
    const padded = new Uint32Array(64 * 2);
    padded.set([1, 2, 3], 0);
    padded.set([4, 5, 6], 64);
    expect([...unpadRows(padded, 3, 2)]).toEqual([1, 2, 3, 4, 5, 6]);
    expect(() => unpadRows(new Uint32Array(10), 3, 2)).toThrow(/cannot hold 2 rows/);
  });

  it('counts differing pixels and names the first', () => {
    const d = compareCounts([1, 2, 3, 4, 5, 6], [1, 2, 9, 4, 5, 7], 3);
    expect(d).toMatchObject({ differing: 2, total: 6, first: { x: 2, y: 0, a: 3, b: 9 } });
    expect(describeDifference(d)).toBe('2 of 6 pixels (33%)');
    expect(describeDifference(compareCounts([1], [1], 1))).toBe('0 of 1 pixels (0%)');
    expect(() => compareCounts([1], [1, 2], 1)).toThrow(/compare images of one view/);
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});

describe('both GPU versions on WebGPU (Dawn)', () => {
  let device: GPUDevice;
  let gpu: MandelbrotGpu;
  beforeAll(async () => {
    const node = await requireNodeGpu();
    device = await (await node.requestAdapter())!.requestDevice({ label: 'mandelbrot demo tests' });
    gpu = await createMandelbrotGpu(device);
  });
  afterAll(() => device?.destroy());

  it('draws the same counts with the render pipeline, the compute kernel and the CPU, and colours the pixels', async () => {
    // 67 × 45: rows of 268 bytes, padded to 512 on readback; not a multiple of the 8 × 8 workgroup.
    const view = viewOf(REGIONS[0]!, 67, 45, 60);
    const rendered = await renderWithPipeline(gpu, view, 2);
    const computed = await computeWithKernel(gpu, view, 2);
    const cpu = new Uint32Array(view.width * view.height);
    renderRowsOnCpu(view, cpu, 0, view.height);
    expect(rendered!.timesMs).toHaveLength(2);
    expect(computed!.timesMs).toHaveLength(2);
    // SwiftShader rounds like the CPU reference; a GPU with fused multiply-adds could differ in a few boundary pixels.
    expect(compareCounts(rendered!.counts, computed!.counts, view.width).differing).toBe(0);
    expect(compareCounts(computed!.counts, cpu, view.width).fraction).toBeLessThanOrEqual(0.01);
    // The set (count 60) and the outside both occur, so a blank image cannot pass.
    expect(new Set(cpu).size).toBeGreaterThan(5);
    expect(cpu).toContain(60);

    // The fragment shader's colours, unpadded, follow the palette: black inside the set, colour outside.
    const rgba = rendered!.rgba;
    expect(rgba.length).toBe(view.width * view.height * 4);
    const at = (i: number): number[] => [...rgba.slice(4 * i, 4 * i + 4)];
    expect(at(cpu.indexOf(60))).toEqual([0, 0, 0, 255]);
    const outside = cpu.indexOf(3);
    const expected = [...paletteRgb(3, 60), 255];
    at(outside).forEach((channel, k) => expect(Math.abs(channel - expected[k]!)).toBeLessThanOrEqual(2));
    // The last pixel proves the row padding was dropped: its colour follows its own count.
    const last = view.width * view.height - 1;
    const lastExpected = [...paletteRgb(cpu[last]!, 60), 255];
    at(last).forEach((channel, k) => expect(Math.abs(channel - lastExpected[k]!)).toBeLessThanOrEqual(2));
  });

  it('stops between runs when asked', async () => {
    const view = viewOf(REGIONS[1]!, 16, 16, 20);
    expect(await computeWithKernel(gpu, view, 3, () => true)).toBeNull();
  });
});
