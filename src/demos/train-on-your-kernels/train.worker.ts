/// <reference lib="webworker" />
/**
 * TrainOnYourKernels' worker: everything that runs the learner's code. On
 * 'start' it opens the engine (WebGPU, else the CPU with a note), checks each
 * saved kernel with its exercise's grader (learner-kernels.ts), builds the two
 * trainers and trains them in alternating chunks until the step budget or a
 * 'stop'. In a worker because the learner's TypeScript runs synchronously: an
 * endless loop in it would freeze a page, but here the page can end it.
 */
import { createEngine, type Engine } from '../../engine/index';
import {
  chooseTsFunction,
  chooseWgslKernel,
  guardForCustomOp,
  loadTsExercise,
  loadTsExport,
  loadWgslExercise,
  type ChosenCode,
  type LinearBackward,
} from '../learner-kernels';
import { isEvaluationStep, nextChunkSteps } from './compare';
import type { TrainReply, TrainRequest } from './protocol';
import { EXERCISE_ROLES, STEP_BUDGET, type LearnerExercise } from './settings';
import { BuiltinTrainer, LearnerTrainer } from './trainer';

declare const self: DedicatedWorkerGlobalScope;

const post = (reply: TrainReply): void => self.postMessage(reply);
let stopRequested = false;
let running = false;

async function openEngine(): Promise<{ engine: Engine; lost: () => string | null }> {
  let lostInfo: string | null = null;
  const gpu = (navigator as Navigator & { gpu?: GPU }).gpu;
  if (!gpu) {
    post({
      kind: 'backend',
      backend: 'cpu',
      note: "This browser has no WebGPU (navigator.gpu is missing), and your kernels are WGSL, so they cannot run. The network trains on the engine's CPU backend with its built-in ops only.",
    });
    return { engine: await createEngine({ backend: 'cpu' }), lost: () => null };
  }
  const adapter = await gpu.requestAdapter().catch(() => null);
  if (!adapter) {
    post({
      kind: 'backend',
      backend: 'cpu',
      note: "This browser has WebGPU but offered no GPU adapter (the GPU may be blocklisted or WebGPU switched off), and your kernels are WGSL, so they cannot run. The network trains on the engine's CPU backend with its built-in ops only.",
    });
    return { engine: await createEngine({ backend: 'cpu' }), lost: () => null };
  }
  try {
    const engine = await createEngine({
      backend: 'webgpu',
      onDeviceLost: (info) => {
        lostInfo = info;
        stopRequested = true;
      },
    });
    post({ kind: 'backend', backend: 'webgpu', note: 'Running on WebGPU: both networks train on your GPU, in this page.' });
    return { engine, lost: () => lostInfo };
  } catch (error) {
    post({
      kind: 'backend',
      backend: 'cpu',
      note: `WebGPU could not start (${(error as Error).message}), and your kernels are WGSL, so they cannot run. The network trains on the engine's CPU backend with its built-in ops only.`,
    });
    return { engine: await createEngine({ backend: 'cpu' }), lost: () => null };
  }
}

function skipped(exercise: LearnerExercise, solution: string, reason: string): ChosenCode {
  return { exerciseId: exercise, code: solution, origin: { kind: 'solution', why: 'failed', reason } };
}

/** Checks the three saved kernels and returns what the learner network runs. */
async function chooseKernels(engine: Engine, request: Extract<TrainRequest, { kind: 'start' }>): Promise<{ kernels: ConstructorParameters<typeof LearnerTrainer>[1]; chosen: ChosenCode[] }> {
  const gpu = (navigator as Navigator & { gpu?: GPU }).gpu!;
  const adapter = await gpu.requestAdapter();
  if (!adapter) throw new Error('checking your kernels: WebGPU returned no adapter');
  const device = await adapter.requestDevice({ label: 'TrainOnYourKernels: kernel checks' });
  const chosen: ChosenCode[] = [];
  try {
    for (const exercise of ['relu-backward', 'sgd-momentum'] as const) {
      const skip = request.skip[exercise];
      post({ kind: 'phase', phase: 'checking', exercise, text: `Checking your saved ${exercise} kernel with its exercise's grader…` });
      chosen.push(skip ? skipped(exercise, (await loadWgslExercise(exercise)).solution, skip) : await chooseWgslKernel(device, exercise, request.saved[exercise]));
    }
  } finally {
    device.destroy();
  }
  post({ kind: 'phase', phase: 'checking', exercise: 'linear-backward', text: 'Checking your saved linear-backward code with its exercise’s grader…' });
  const skip = request.skip['linear-backward'];
  let linear: ChosenCode & { fn: LinearBackward };
  if (skip) {
    const { solution, manifest } = await loadTsExercise('linear-backward');
    linear = { ...skipped('linear-backward', solution, skip), fn: loadTsExport(solution, manifest.exportName) as LinearBackward };
  } else {
    linear = await chooseTsFunction(engine, 'linear-backward', request.saved['linear-backward']);
  }
  chosen.push(linear);
  const [relu, sgd] = chosen as [ChosenCode, ChosenCode];
  return {
    kernels: { reluBackwardWgsl: guardForCustomOp(relu.code), sgdMomentumWgsl: guardForCustomOp(sgd.code), linearBackward: linear.fn },
    chosen: [relu, linear, sgd],
  };
}

async function run(request: Extract<TrainRequest, { kind: 'start' }>): Promise<void> {
  stopRequested = false;
  let engine: Engine | null = null;
  let yours: LearnerTrainer | null = null;
  let builtin: BuiltinTrainer | null = null;
  try {
    post({ kind: 'phase', phase: 'starting', text: 'Starting the engine…' });
    const opened = await openEngine();
    engine = opened.engine;
    if (engine.backendName === 'webgpu') {
      const { kernels, chosen } = await chooseKernels(engine, request);
      post({ kind: 'kernels', kernels: chosen.map((c) => ({ exercise: c.exerciseId as LearnerExercise, origin: c.origin })) });
      yours = new LearnerTrainer(engine, kernels);
    }
    builtin = new BuiltinTrainer(engine);
    post({ kind: 'phase', phase: 'training', text: 'Training both networks…' });
    post({ kind: 'evaluation', step: 0, yours: yours ? await yours.evaluate() : null, builtin: await builtin.evaluate() });

    let msPerStep: number | null = null;
    while (!stopRequested && builtin.steps < STEP_BUDGET) {
      const count = nextChunkSteps(builtin.steps, STEP_BUDGET, msPerStep);
      const started = performance.now();
      const yourLosses = yours ? Array.from(await trainYours(yours, count)) : null;
      const builtinLosses = Array.from(await builtin.train(count));
      msPerStep = (performance.now() - started) / count;
      post({ kind: 'chunk', step: builtin.steps, yours: yourLosses, builtin: builtinLosses, msPerStep });
      if (isEvaluationStep(builtin.steps, STEP_BUDGET)) {
        post({ kind: 'evaluation', step: builtin.steps, yours: yours ? await yours.evaluate() : null, builtin: await builtin.evaluate() });
      }
    }
    const lost = opened.lost();
    if (lost) throw new Error(`the GPU device was lost (${lost}); press Start to try again`);
    if (!isEvaluationStep(builtin.steps, STEP_BUDGET)) {
      post({ kind: 'evaluation', step: builtin.steps, yours: yours ? await yours.evaluate() : null, builtin: await builtin.evaluate() });
    }
    post({ kind: 'done', stopped: builtin.steps < STEP_BUDGET });
  } catch (error) {
    post({ kind: 'error', message: error instanceof Error ? error.message : String(error) });
  } finally {
    yours?.dispose();
    builtin?.dispose();
    engine?.dispose();
  }
}

/** A step on the learner's kernels that throws is theirs to fix: say which code ran. */
async function trainYours(trainer: LearnerTrainer, count: number): Promise<Float32Array> {
  try {
    return await trainer.train(count);
  } catch (error) {
    const roles = Object.values(EXERCISE_ROLES).join(', ');
    throw new Error(`a training step on the plugged-in kernels (${roles}) failed: ${(error as Error).message}`);
  }
}

self.onmessage = (event: MessageEvent<TrainRequest>) => {
  const request = event.data;
  if (request.kind === 'stop') {
    stopRequested = true;
    return;
  }
  if (running) return;
  running = true;
  void run(request).finally(() => (running = false));
};
