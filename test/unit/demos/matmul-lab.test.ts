// MatmulLab (src/demos/matmul-lab/): the timing and correctness arithmetic,
// and the GPU measurement itself on Node WebGPU, where a fast-but-wrong
// kernel must be flagged by the comparison with the engine's product.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../../src/engine/index';
import { loadWgslExercise } from '../../../src/demos/learner-kernels';
import { LessonMatmulKernel, makeInputs, timeEngineMatmul } from '../../../src/demos/matmul-lab/bench';
import {
  dispatchesPerRun,
  format,
  gflopsPerSecond,
  headline,
  matmulTolerance,
  maxAbsDifference,
  msPerDispatch,
  parseSize,
  speedup,
  speedupOverNaive,
  timedRunsFor,
  type KernelResult,
} from '../../../src/demos/matmul-lab/measure';
import { requireNodeGpu } from '../../support/node-gpu';

describe('measurement arithmetic', () => {
  it('GFLOP/s is 2·N³ / time', () => {
    expect(gflopsPerSecond(256, 1)).toBeCloseTo((2 * 256 ** 3) / 1e-3 / 1e9, 9);
    expect(gflopsPerSecond(512, 268.435456)).toBeCloseTo(1, 9);
    expect(() => gflopsPerSecond(128, 0)).toThrow(RangeError);
  });

  it('batches dispatches to about 40 ms per run, within 1..32', () => {
    expect(dispatchesPerRun(0.5)).toBe(32);
    expect(dispatchesPerRun(4)).toBe(10);
    expect(dispatchesPerRun(40)).toBe(1);
    expect(dispatchesPerRun(5000)).toBe(1);
    expect(dispatchesPerRun(0)).toBe(32);
    expect(timedRunsFor(100)).toBe(5);
    expect(timedRunsFor(5000)).toBe(3);
  });

  it('takes the median run and divides by the dispatches in it', () => {
    expect(msPerDispatch([30, 10, 20], 10)).toBe(2);
    expect(msPerDispatch([4, 8], 2)).toBe(3);
    expect(() => msPerDispatch([1], 0)).toThrow(RangeError);
  });

  it('speedup is baseline time over time', () => {
    expect(speedup(10, 2.5)).toBe(4);
    expect(() => speedup(0, 1)).toThrow(RangeError);
  });

  it('allows float32 rounding but not a wrong product', () => {
    expect(matmulTolerance(256)).toBeCloseTo((2 * 258 * 256) / 2 ** 24, 12);
    expect(matmulTolerance(512)).toBeLessThan(0.05);
    expect(maxAbsDifference([1, 2, 3], [1, 2.5, 2], 3)).toBe(1);
    expect(maxAbsDifference([1, Number.NaN], [1, 2], 2)).toBe(Number.POSITIVE_INFINITY);
    expect(maxAbsDifference([1], [1, 2], 2)).toBe(Number.POSITIVE_INFINITY);
  });

  it('parses sizes, falling back to the default', () => {
    expect(parseSize('512')).toBe(512);
    expect(parseSize('1000')).toBe(256);
    expect(parseSize(null)).toBe(256);
  });

  it('reports the tiled kernel’s speedup over the naive one, naming whose each is', () => {
    const row = (kernel: KernelResult['kernel'], ms: number, yours: boolean): KernelResult => ({
      size: 256, kernel, code: '', yours, ms, maxError: 0, correct: true,
    });
    const rows = [row('naive', 8, true), row('tiled', 2, false), row('engine', 1, false)];
    expect(speedupOverNaive(rows, rows[1]!)).toBe(4);
    expect(speedupOverNaive([rows[1]!], rows[1]!)).toBeNull();
    expect(headline(rows, 256)).toBe(
      `At N = 256, the course's tiled kernel ran 4.00× as fast as your naive kernel (${format.gflops(gflopsPerSecond(256, 2))} vs ${format.gflops(gflopsPerSecond(256, 8))} GFLOP/s).`,
    );
    expect(headline([row('naive', 2, true), row('tiled', 6, true)], 256)).toContain('your tiled kernel took 3.00× as long as your naive kernel');
    expect(headline(rows, 512)).toBeNull();
  });
});

describe('timing kernels on Node WebGPU', () => {
  let device: GPUDevice;
  let engine: Engine;
  beforeAll(async () => {
    const gpu = await requireNodeGpu();
    device = await (await gpu.requestAdapter())!.requestDevice({ label: 'matmul-lab test' });
    engine = await createEngine({ backend: 'webgpu', gpu });
  });
  afterAll(() => {
    device?.destroy();
    engine?.dispose();
  });

  it('times the solutions and the engine, and their products agree', async () => {
    const inputs = makeInputs(48); // not a multiple of 16: partial tiles
    const reference = await timeEngineMatmul(engine, inputs);
    expect(reference.ms).toBeGreaterThan(0);
    for (const id of ['matmul-naive', 'matmul-tiled'] as const) {
      const kernel = await LessonMatmulKernel.compile(device, (await loadWgslExercise(id)).solution, id);
      const runs: number[] = [];
      const timed = await kernel.time(inputs, (run) => runs.push(run));
      expect(runs).toEqual([1, 2, 3, 4, 5]);
      expect(timed.ms).toBeGreaterThan(0);
      expect(timed.guardMessage).toBeNull();
      expect(maxAbsDifference(timed.c, reference.c, 48 * 48)).toBeLessThanOrEqual(matmulTolerance(48));
    }
  });

  it('flags a fast-but-wrong kernel and reports a tripped loop guard', async () => {
    const naive = (await loadWgslExercise('matmul-naive')).solution;
    const inputs = makeInputs(32);
    const reference = await timeEngineMatmul(engine, inputs);
    // Skips half of the dot product: quicker, and wrong.
    const wrong = await LessonMatmulKernel.compile(device, naive.replace('i < dims.k', 'i < dims.k / 2u'), 'half a dot product');
    const wrongResult = await wrong.time(inputs);
    expect(maxAbsDifference(wrongResult.c, reference.c, 32 * 32)).toBeGreaterThan(matmulTolerance(32));
    const endless = await LessonMatmulKernel.compile(device, naive.replace('i < dims.k; i++', 'i < dims.k; i += 0u'), 'endless');
    // One workgroup: the guard lets each invocation spin 100,000 times per dispatch, six dispatches.
    const endlessResult = await endless.time(makeInputs(16));
    expect(endlessResult.guardMessage).toMatch(/looks endless/);
  });

  it('names the line of a compile error', async () => {
    await expect(LessonMatmulKernel.compile(device, 'fn main( {', 'broken')).rejects.toThrow(/broken does not compile: line 1/);
  });
});
