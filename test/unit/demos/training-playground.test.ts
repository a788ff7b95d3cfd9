// The training playground's logic: settings parsing, the chunk/evaluation
// rhythm, the boundary picture's geometry and colours, and the trainer on the
// engine (memory stays flat over hundreds of steps, chunking does not change
// the result, it learns the spirals; WebGPU agrees with the CPU).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../../src/engine';
import {
  classOneShare,
  DEFAULT_GRID,
  gridPoints,
  parseCanvasColour,
  REGION_ALPHA,
  regionPixels,
  toCanvas,
} from '../../../src/demos/training-playground/boundary';
import {
  adaptChunkSize,
  EVAL_EVERY,
  hasDiverged,
  isEvaluationStep,
  isMilestone,
  isTableStep,
  MAX_CHUNK,
  MIN_CHUNK,
  nextChunkSteps,
} from '../../../src/demos/training-playground/schedule';
import { DEFAULT_SETTINGS, LEARNING_RATES, needsNewNetwork, parseSettings, STEP_BUDGET } from '../../../src/demos/training-playground/settings';
import { SpiralTrainer } from '../../../src/demos/training-playground/trainer';
import { requireNodeGpu } from '../../support/node-gpu';

describe('settings', () => {
  it('parses the form values and falls back to the defaults for unknown ones', () => {
    expect(parseSettings({ hidden: '8', activation: 'relu', learningRate: '0.01' })).toEqual({ hidden: 8, activation: 'relu', learningRate: 0.01 });
    expect(parseSettings({ hidden: '7', activation: 'sigmoid', learningRate: '0.2' })).toEqual(DEFAULT_SETTINGS);
    for (const lr of LEARNING_RATES) expect(parseSettings({ learningRate: String(lr) }).learningRate).toBe(lr);
  });

  it('a new network is needed for a new size or activation, not for a new learning rate', () => {
    expect(needsNewNetwork(DEFAULT_SETTINGS, { ...DEFAULT_SETTINGS, learningRate: 0.01 })).toBe(false);
    expect(needsNewNetwork(DEFAULT_SETTINGS, { ...DEFAULT_SETTINGS, hidden: 8 })).toBe(true);
    expect(needsNewNetwork(DEFAULT_SETTINGS, { ...DEFAULT_SETTINGS, activation: 'relu' })).toBe(true);
  });
});

describe('schedule', () => {
  it('chunks never run past an evaluation point or the budget, and reach every one', () => {
    for (const preferred of [1, 3, 7, 25, 40]) {
      const budget = 130;
      let done = 0;
      const evaluatedAt: number[] = [];
      while (done < budget) {
        const steps = nextChunkSteps(done, budget, preferred);
        expect(steps).toBeGreaterThanOrEqual(1);
        expect(steps).toBeLessThanOrEqual(Math.max(1, preferred));
        // no evaluation point strictly inside the chunk
        expect(Math.floor(done / EVAL_EVERY)).toBe(Math.floor((done + steps - 1) / EVAL_EVERY));
        done += steps;
        if (isEvaluationStep(done, budget)) evaluatedAt.push(done);
      }
      expect(done).toBe(budget);
      expect(evaluatedAt).toEqual([25, 50, 75, 100, 125, 130]);
      expect(nextChunkSteps(budget, budget, preferred)).toBe(0);
    }
  });

  it('adapts the chunk towards the target time, at most doubling or halving, within bounds', () => {
    expect(adaptChunkSize(8, 8, 30, 30)).toBe(8);
    expect(adaptChunkSize(8, 8, 3, 30)).toBe(16); // 10x too fast: only doubles
    expect(adaptChunkSize(8, 8, 300, 30)).toBe(4); // 10x too slow: only halves
    expect(adaptChunkSize(20, 20, 1, 30)).toBe(MAX_CHUNK);
    expect(adaptChunkSize(1, 1, 500, 30)).toBe(MIN_CHUNK);
    expect(adaptChunkSize(4, 0, 0, 30)).toBe(8);
  });

  it('table rows, evaluations and announcements fall on their steps and at the end', () => {
    expect([0, 50, 100, 999, 1000].map((s) => isTableStep(s, 1000))).toEqual([true, true, true, false, true]);
    expect([0, 25, 30, 1000].map((s) => isEvaluationStep(s, 1000))).toEqual([false, true, false, true]);
    expect([0, 50, 100, 200, 640, 1000].map((s) => isMilestone(s, 1000))).toEqual([false, false, true, true, false, true]);
    expect(isMilestone(640, 640)).toBe(true);
    const milestones = Array.from({ length: STEP_BUDGET + 1 }, (_, s) => s).filter((s) => isMilestone(s, STEP_BUDGET));
    expect(milestones).toHaveLength(10);
  });

  it('detects a diverged loss', () => {
    expect(hasDiverged([0.7, 0.5])).toBe(false);
    expect(hasDiverged([0.7, Number.NaN])).toBe(true);
    expect(hasDiverged(Float32Array.of(0.7, Infinity))).toBe(true);
  });
});

describe('boundary geometry and colours', () => {
  it('grid cells are centred, row 0 at the top, and map back onto the canvas', () => {
    const grid = { size: 4, extent: 1 };
    const points = gridPoints(grid);
    expect(points).toHaveLength(32);
    expect([points[0], points[1]]).toEqual([-0.75, 0.75]); // top-left cell centre
    expect([points[30], points[31]]).toEqual([0.75, -0.75]); // bottom-right
    // Cell (row 1, col 2) lands in the middle of its pixel square on a 400 px canvas.
    const i = 1 * 4 + 2;
    const { px, py } = toCanvas(points[2 * i]!, points[2 * i + 1]!, 1, 400);
    expect(px).toBeCloseTo(250);
    expect(py).toBeCloseTo(150);
    expect(() => gridPoints({ size: 0, extent: 1 })).toThrow(/size must be/);
  });

  it('colours cells by class with opacity growing with confidence', () => {
    const pixels = regionPixels([0, 0.5, 0.75, 1], 2, [10, 20, 30], [200, 100, 0]);
    expect(Array.from(pixels.slice(0, 3))).toEqual([10, 20, 30]);
    expect(Array.from(pixels.slice(4, 7))).toEqual([200, 100, 0]); // 0.5 counts as class 1, like argmax's tie
    expect(pixels[3]).toBe(Math.round(255 * REGION_ALPHA.max));
    expect(pixels[7]).toBe(Math.round(255 * REGION_ALPHA.min));
    expect(pixels[11]).toBeGreaterThan(pixels[7]!);
    expect(pixels[11]).toBeLessThan(pixels[15]!);
    expect(() => regionPixels([0.5], 2, [0, 0, 0], [0, 0, 0])).toThrow(/expected 4 probabilities/);
    expect(classOneShare([0, 0.5, 0.75, 1])).toBe(0.75);
  });

  it('parses the colours a canvas normalises fillStyle to', () => {
    expect(parseCanvasColour('#2563eb')).toEqual([0x25, 0x63, 0xeb]);
    expect(parseCanvasColour('rgba(110, 160, 255, 0.5)')).toEqual([110, 160, 255]);
    expect(parseCanvasColour('rgb(1,2,3)')).toEqual([1, 2, 3]);
    expect(parseCanvasColour('oklch(0.5 0.1 200)')).toBeNull();
  });
});

describe('SpiralTrainer on the CPU backend', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await createEngine({ backend: 'cpu' });
  });
  afterAll(() => engine?.dispose());

  it('keeps memory flat over 300 steps with evaluations, and frees everything on dispose', async () => {
    const baseline = engine.memory();
    const trainer = new SpiralTrainer(engine, { hidden: 16, activation: 'relu', learningRate: 0.1 }, DEFAULT_GRID);
    await trainer.train(EVAL_EVERY);
    await trainer.evaluate();
    // After the first step the momentum buffers exist; from then on nothing may grow.
    const settled = engine.memory();
    for (let chunk = 0; chunk < 11; chunk++) {
      await trainer.train(chunk % 2 === 0 ? 20 : 5);
      if (chunk % 2 === 1) await trainer.evaluate();
    }
    expect(trainer.steps).toBe(EVAL_EVERY + 6 * 20 + 5 * 5);
    await trainer.train(300 - trainer.steps);
    await trainer.evaluate();
    expect(trainer.steps).toBe(300);
    expect(engine.memory()).toEqual(settled);
    trainer.dispose();
    expect(engine.memory().tensors).toBe(baseline.tensors);
    expect(engine.memory().bytesInUse).toBe(baseline.bytesInUse);
    await expect(trainer.train(1)).rejects.toThrow(/disposed/);
  });

  it('learns the spirals with the default (the lesson\'s) settings', async () => {
    const trainer = new SpiralTrainer(engine, DEFAULT_SETTINGS, DEFAULT_GRID);
    const first = await trainer.evaluate();
    const losses = await trainer.train(150);
    const after = await trainer.evaluate();
    expect(losses).toHaveLength(150);
    expect(hasDiverged(losses)).toBe(false);
    // The first step measures the loss at the initial weights: the same as evaluate's.
    expect(losses[0]).toBeCloseTo(first.loss, 5);
    expect(first.accuracy).toBeLessThan(0.8);
    expect(after.loss).toBeLessThan(first.loss / 5);
    expect(after.accuracy).toBeGreaterThanOrEqual(0.95);
    expect(after.gridProbabilities).toHaveLength(DEFAULT_GRID.size ** 2);
    expect(after.gridProbabilities.every((p) => p >= 0 && p <= 1)).toBe(true);
    // A trained boundary gives both classes a real share of the picture.
    const share = classOneShare(after.gridProbabilities);
    expect(share).toBeGreaterThan(0.25);
    expect(share).toBeLessThan(0.75);
    trainer.dispose();
  });

  it('gives the same losses however the steps are chunked, and applies a new learning rate at the next step', async () => {
    const settings = { hidden: 8, activation: 'tanh', learningRate: 0.1 } as const;
    const whole = new SpiralTrainer(engine, settings, { size: 4, extent: 1 });
    const wholeLosses = await whole.train(30);
    whole.setLearningRate(0.01);
    const wholeAfter = await whole.train(5);
    const chunked = new SpiralTrainer(engine, settings, { size: 4, extent: 1 });
    const parts = [...(await chunked.train(7)), ...(await chunked.train(1)), ...(await chunked.train(22))];
    expect(Array.from(parts)).toEqual(Array.from(wholeLosses));
    const sameRate = await chunked.train(5);
    expect(Array.from(sameRate)).not.toEqual(Array.from(wholeAfter));
    expect(chunked.learningRate).toBe(0.1);
    expect(() => whole.setLearningRate(0)).toThrow(/positive number/);
    await expect(whole.train(0)).rejects.toThrow(/whole number >= 1/);
    whole.dispose();
    chunked.dispose();
  });
});

describe('SpiralTrainer on WebGPU (Dawn in Node)', () => {
  it('follows the CPU backend\'s losses and boundary', async () => {
    const gpuEngine = await createEngine({ backend: 'webgpu', gpu: await requireNodeGpu() });
    const cpuEngine = await createEngine({ backend: 'cpu' });
    try {
      const settings = { hidden: 16, activation: 'tanh', learningRate: 0.5 } as const;
      const grid = { size: 16, extent: 1.15 };
      const onGpu = new SpiralTrainer(gpuEngine, settings, grid);
      const onCpu = new SpiralTrainer(cpuEngine, settings, grid);
      const gpuLosses = await onGpu.train(25);
      const cpuLosses = await onCpu.train(25);
      for (let i = 0; i < 25; i++) expect(gpuLosses[i]).toBeCloseTo(cpuLosses[i]!, 3);
      const gpuEval = await onGpu.evaluate();
      const cpuEval = await onCpu.evaluate();
      expect(gpuEval.accuracy).toBeCloseTo(cpuEval.accuracy, 2);
      let disagreements = 0;
      gpuEval.gridProbabilities.forEach((p, i) => {
        if (p >= 0.5 !== cpuEval.gridProbabilities[i]! >= 0.5) disagreements++;
      });
      expect(disagreements).toBeLessThanOrEqual(2);
      const settled = gpuEngine.memory();
      await onGpu.train(25);
      await onGpu.evaluate();
      expect(gpuEngine.memory().tensors).toBe(settled.tensors);
      expect(gpuEngine.memory().bytesInUse).toBe(settled.bytesInUse);
      onGpu.dispose();
      onCpu.dispose();
    } finally {
      gpuEngine.dispose();
      cpuEngine.dispose();
    }
  });
});
