/// <reference lib="webworker" />
/**
 * The tiny LLM's worker: owns the engine (WebGPU when the browser offers an
 * adapter, else the CPU backend), the training text and the model, so that
 * training never freezes the page.
 *
 * Training runs in chunks of steps sized to about CHUNK_TARGET_MS; between
 * chunks the worker reads its messages, so Stop takes effect and a Generate
 * request is served (then training resumes). All engine work goes through one
 * queue (`exclusive`) so a generation and a training chunk never interleave
 * their GPU work.
 */
import { createEngine, type Engine } from '../../engine';
import textUrl from './data/alice.txt?url';
import type { FromWorker, ModelInfo, ToWorker } from './protocol';
import { adaptChunkSize, isTableStep, nextChunkSteps, tableInterval, TRAINER_SETTINGS } from './settings';
import { parameterCount } from './model';
import { TinyLlmTrainer } from './trainer';

declare const self: DedicatedWorkerGlobalScope;

type BackendInfo = Pick<ModelInfo, 'backend' | 'fallbackReason' | 'adapterDescription' | 'softwareGpu'>;

let engineReady: Promise<{ engine: Engine; backend: BackendInfo }> | null = null;
let trainer: TinyLlmTrainer | null = null;
let preparing: Promise<TinyLlmTrainer> | null = null;
let text: string | null = null;
/** Bumped by Stop and Reset: work started under an older value winds down. */
let stopEpoch = 0;
/** Training runs one after another: a Train pressed just after Stop or Reset waits for the old run to wind down. */
let trainingRuns: Promise<void> = Promise.resolve();
let queue: Promise<unknown> = Promise.resolve();
/** Time spent in training steps, per model, across runs (the table's time column). */
const trainingMs = new WeakMap<TinyLlmTrainer, number>();

function post(message: FromWorker): void {
  self.postMessage(message);
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Run engine work after all work queued before it. */
function exclusive<T>(work: () => Promise<T>): Promise<T> {
  const run = queue.then(work, work);
  queue = run.catch(() => undefined);
  return run;
}

async function createBackend(): Promise<{ engine: Engine; backend: BackendInfo }> {
  const onCpu = async (reason: string) => ({
    engine: await createEngine({ backend: 'cpu' }),
    backend: { backend: 'cpu', fallbackReason: reason, adapterDescription: '', softwareGpu: false } as const,
  });
  const gpu = (self.navigator as Navigator & { gpu?: GPU }).gpu;
  if (!gpu) return onCpu('this browser offers no WebGPU to workers (navigator.gpu is missing)');
  let adapter: GPUAdapter | null;
  try {
    adapter = await gpu.requestAdapter();
  } catch (error) {
    return onCpu(`asking for a WebGPU adapter failed: ${errorMessage(error)}`);
  }
  if (!adapter) return onCpu('the browser has WebGPU but found no usable GPU adapter');
  const info = adapter.info as GPUAdapterInfo & { isFallbackAdapter?: boolean };
  const adapterDescription = [info.vendor, info.architecture, info.device, info.description].filter(Boolean).join(' ').trim();
  const softwareGpu = info.isFallbackAdapter === true || /swiftshader|llvmpipe|lavapipe|warp|software/i.test(adapterDescription);
  try {
    const engine = await createEngine({
      backend: 'webgpu',
      gpu,
      onDeviceLost: (why) => {
        // The next Train or Generate after Reset makes a new engine (on the CPU if the GPU stays away).
        engineReady = null;
        post({ type: 'error', operation: 'GPU device', message: `the GPU device was lost (${why}). Press Reset to start again.` });
      },
    });
    return { engine, backend: { backend: 'webgpu', fallbackReason: null, adapterDescription, softwareGpu } };
  } catch (error) {
    return onCpu(`creating the WebGPU device failed: ${errorMessage(error)}`);
  }
}

async function loadText(): Promise<string> {
  if (text !== null) return text;
  const response = await fetch(textUrl);
  if (!response.ok) throw new Error(`loading the training text from ${textUrl} failed: HTTP ${response.status} (reload the page)`);
  text = await response.text();
  return text;
}

/** The current model, creating the engine, loading the text and initialising the weights on first use. */
function prepare(): Promise<TinyLlmTrainer> {
  if (trainer) return Promise.resolve(trainer);
  preparing ??= exclusive(async () => {
    engineReady ??= createBackend();
    const [{ engine, backend }, corpus] = await Promise.all([engineReady, loadText()]);
    const created = new TinyLlmTrainer(engine, corpus, TRAINER_SETTINGS);
    trainer = created;
    const { model } = TRAINER_SETTINGS;
    post({
      type: 'ready',
      info: {
        ...backend,
        vocabSize: created.tokenizer.vocabSize,
        uniformLoss: created.uniformLoss,
        parameters: parameterCount(created.model.config),
        trainCharacters: created.trainTokens,
        validationCharacters: created.validationTokens,
        context: model.context,
        batch: TRAINER_SETTINGS.batch,
      },
    });
    return created;
  }).finally(() => {
    preparing = null;
  });
  return preparing;
}

async function train(steps: number, epoch: number): Promise<void> {
  if (epoch !== stopEpoch) return; // stopped or reset before it began
  let runMs = 0;
  try {
    const model = await prepare();
    const interval = tableInterval(steps);
    const charactersPerStep = TRAINER_SETTINGS.batch * TRAINER_SETTINGS.model.context;
    let runStep = 0;
    let chunk = 1;
    let sinceRow: number[] = [];
    let rowMs = 0;
    while (runStep < steps && epoch === stopEpoch && trainer === model) {
      const count = nextChunkSteps(runStep, steps, chunk, interval);
      const chunkResult = await exclusive(async () => {
        if (trainer !== model) return null; // reset while this chunk waited
        const started = performance.now();
        const values = await model.train(count);
        return { losses: Array.from(values), ms: performance.now() - started };
      });
      if (!chunkResult) break;
      const { losses, ms } = chunkResult;
      if (runStep > 0) chunk = adaptChunkSize(chunk, count, ms); // the first step includes shader compilation
      runStep += count;
      runMs += ms;
      rowMs += ms;
      trainingMs.set(model, (trainingMs.get(model) ?? 0) + ms);
      sinceRow.push(...losses);
      post({ type: 'progress', step: model.steps, runStep, runSteps: steps, losses, runMs, tokensPerSecond: (count * charactersPerStep * 1000) / ms });
      const stopping = epoch !== stopEpoch;
      if (isTableStep(runStep, steps, interval, model.steps) || stopping) {
        const validationLoss = await exclusive(async () => (trainer === model ? model.validationLoss() : undefined));
        if (validationLoss === undefined) break;
        const trainLoss = sinceRow.reduce((sum, loss) => sum + loss, 0) / sinceRow.length;
        post({
          type: 'row',
          step: model.steps,
          trainLoss,
          validationLoss,
          trainingMs: trainingMs.get(model) ?? 0,
          tokensPerSecond: (sinceRow.length * charactersPerStep * 1000) / rowMs,
        });
        sinceRow = [];
        rowMs = 0;
      }
    }
    post({ type: 'trained', step: model.steps, stopped: runStep < steps, runMs });
  } catch (error) {
    post({ type: 'error', operation: 'training', message: errorMessage(error) });
  }
}

async function generate(request: Extract<ToWorker, { type: 'generate' }>): Promise<void> {
  const epoch = stopEpoch;
  try {
    const model = await prepare();
    const result = await exclusive(async () => {
      if (trainer !== model) throw new Error('the model was reset while this request waited; press Generate again');
      const started = performance.now();
      let stopped = false;
      const generated = await model.generate({
        prompt: request.prompt,
        length: request.length,
        sampling: { temperature: request.temperature, topK: request.topK },
        seed: request.seed,
        onCharacter: (character) => {
          post({ type: 'character', id: request.id, character });
          stopped = epoch !== stopEpoch;
          return !stopped;
        },
      });
      return { generated, stopped, ms: performance.now() - started, step: model.steps };
    });
    post({ type: 'generated', id: request.id, step: result.step, text: result.generated.text, unknown: result.generated.unknown, stopped: result.stopped, ms: result.ms });
  } catch (error) {
    post({ type: 'error', operation: 'generating', message: errorMessage(error) });
  }
}

function reset(): void {
  stopEpoch++;
  void exclusive(async () => {
    const old = trainer;
    trainer = null;
    try {
      old?.dispose();
    } catch {
      // A lost GPU device cannot free its buffers; they went with it.
    }
    post({ type: 'reset-done' });
  });
}

self.onmessage = (event: MessageEvent<ToWorker>) => {
  const message = event.data;
  switch (message.type) {
    case 'train': {
      const epoch = stopEpoch;
      trainingRuns = trainingRuns.then(() => train(message.steps, epoch));
      break;
    }
    case 'stop':
      stopEpoch++;
      break;
    case 'reset':
      reset();
      break;
    case 'generate':
      void generate(message);
      break;
  }
};
