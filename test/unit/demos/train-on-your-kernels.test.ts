// TrainOnYourKernels (src/demos/train-on-your-kernels/): chunking, the
// agreement test and summaries, and the proof itself on Node WebGPU: the
// network on the course's solutions (plugged in exactly as a learner's code
// would be) follows the built-in network's loss, and a wrong backward kernel
// makes it leave that curve.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../../src/engine/index';
import { guardForCustomOp, loadTsExercise, loadTsExport, loadWgslExercise, type LinearBackward } from '../../../src/demos/learner-kernels';
import { compareLosses, isEvaluationStep, nextChunkSteps, pluggedInName, summarise } from '../../../src/demos/train-on-your-kernels/compare';
import type { LearnerKernels } from '../../../src/demos/train-on-your-kernels/ops';
import { EVALUATION_EVERY, STEP_BUDGET } from '../../../src/demos/train-on-your-kernels/settings';
import { BuiltinTrainer, LearnerTrainer } from '../../../src/demos/train-on-your-kernels/trainer';
import { requireNodeGpu } from '../../support/node-gpu';

describe('schedule and comparison', () => {
  it('chunks stop at evaluation points and the budget, and adapt to speed', () => {
    expect(nextChunkSteps(0, STEP_BUDGET, null)).toBe(1);
    expect(nextChunkSteps(1, STEP_BUDGET, 1)).toBe(EVALUATION_EVERY - 1);
    expect(nextChunkSteps(0, STEP_BUDGET, 100)).toBe(6);
    expect(nextChunkSteps(0, STEP_BUDGET, 5000)).toBe(1);
    expect(nextChunkSteps(STEP_BUDGET - 2, STEP_BUDGET, 1)).toBe(2);
    expect(nextChunkSteps(STEP_BUDGET, STEP_BUDGET, 1)).toBe(0);
    expect(isEvaluationStep(0, STEP_BUDGET)).toBe(true);
    expect(isEvaluationStep(EVALUATION_EVERY, STEP_BUDGET)).toBe(true);
    expect(isEvaluationStep(EVALUATION_EVERY + 1, STEP_BUDGET)).toBe(false);
    expect(isEvaluationStep(STEP_BUDGET, STEP_BUDGET)).toBe(true);
  });

  it('losses agree within 10% (or 0.01 near zero), never when not finite', () => {
    expect(compareLosses(0.5, 0.52).agree).toBe(true);
    expect(compareLosses(0.5, 0.7).agree).toBe(false);
    expect(compareLosses(0.015, 0.006).agree).toBe(true);
    expect(compareLosses(Number.NaN, 0.5).agree).toBe(false);
    expect(compareLosses(0.3, 0.3).relativeDifference).toBe(0);
  });

  it('summaries say whose kernels ran and whether they agree', () => {
    const base = { step: 150, builtin: { loss: 0.02, accuracy: 1 }, stopped: false };
    expect(pluggedInName(0, 3)).toContain("course's kernels");
    expect(pluggedInName(3, 3)).toBe('your kernels');
    expect(pluggedInName(1, 3)).toContain('1 of 3');
    expect(summarise({ ...base, yours: { loss: 0.02, accuracy: 1 }, yoursCount: 3 })).toMatch(/^Finished after 150 steps\. On your kernels: .* The two agree/);
    expect(summarise({ ...base, yours: { loss: 0.9, accuracy: 0.5 }, yoursCount: 3 })).toContain('They differ');
    expect(summarise({ ...base, yours: null, yoursCount: 0, stopped: true })).toMatch(/^Stopped .* did not run \(they need WebGPU\)/);
  });
});

describe('training on plugged-in kernels (Node WebGPU)', () => {
  const STEPS = 8;
  let engine: Engine;
  let kernels: LearnerKernels;
  let builtinLosses: Float32Array;

  beforeAll(async () => {
    const gpu = await requireNodeGpu();
    engine = await createEngine({ backend: 'webgpu', gpu });
    const linear = await loadTsExercise('linear-backward');
    kernels = {
      reluBackwardWgsl: guardForCustomOp((await loadWgslExercise('relu-backward')).solution),
      sgdMomentumWgsl: guardForCustomOp((await loadWgslExercise('sgd-momentum')).solution),
      linearBackward: loadTsExport(linear.solution, linear.manifest.exportName) as LinearBackward,
    };
    const builtin = new BuiltinTrainer(engine);
    builtinLosses = await builtin.train(STEPS);
    builtin.dispose();
  });
  afterAll(() => engine?.dispose());

  it('the course solutions reach the built-in loss, and the loss falls', async () => {
    const learner = new LearnerTrainer(engine, kernels);
    const before = engine.memory().tensors;
    const losses = await learner.train(STEPS);
    expect(engine.memory().tensors).toBe(before); // only parameters and velocities outlive a step
    const evaluation = await learner.evaluate();
    learner.dispose();
    expect(losses[0]).toBeCloseTo(builtinLosses[0]!, 5);
    expect(losses[STEPS - 1]!).toBeLessThan(losses[0]! * 0.9);
    for (let i = 0; i < STEPS; i++) expect(compareLosses(losses[i]!, builtinLosses[i]!).relativeDifference).toBeLessThan(1e-3);
    expect(evaluation.loss).toBeLessThan(builtinLosses[STEPS - 1]!);
  });

  it('a wrong relu-backward kernel (gating on dy instead of x) leaves the built-in curve', async () => {
    const wrong = (await loadWgslExercise('relu-backward')).solution.replace('x[i] > 0.0', 'dy[i] > 0.0');
    const learner = new LearnerTrainer(engine, { ...kernels, reluBackwardWgsl: guardForCustomOp(wrong) });
    const losses = await learner.train(STEPS);
    learner.dispose();
    expect(compareLosses(losses[STEPS - 1]!, builtinLosses[STEPS - 1]!).relativeDifference).toBeGreaterThan(1e-3);
  });

  it('refuses the CPU backend (the kernels are WGSL)', async () => {
    const cpu = await createEngine({ backend: 'cpu' });
    expect(() => new LearnerTrainer(cpu, kernels)).toThrow(/need the webgpu backend/);
  });
});
