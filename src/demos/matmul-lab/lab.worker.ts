/// <reference lib="webworker" />
/**
 * MatmulLab's worker. For each run: open the GPU (once), check the learner's
 * saved naive and tiled kernels with their exercises' graders (cached per
 * code text, so a second run does not re-check unchanged code), then time the
 * engine's matmul and both kernels at the chosen size on the same inputs, and
 * compare each product with the engine's. In a worker so the grader's CPU
 * simulator and the input generation never stall the page, and so the page
 * can end everything at once (Stop, or a watchdog).
 */
import { createEngine, type Engine } from '../../engine/index';
import { chooseWgslKernel, originLabel, shortOriginLabel, type ChosenCode } from '../learner-kernels';
import { summarizeAdapter, type AdapterInfoLike } from '../matmul-race/adapter';
import { LessonMatmulKernel, makeInputs, timeEngineMatmul } from './bench';
import { KERNEL_NAMES, matmulTolerance, maxAbsDifference, type KernelKind } from './measure';
import type { LabReply, LabRequest } from './protocol';

declare const self: DedicatedWorkerGlobalScope;

const post = (reply: LabReply): void => self.postMessage(reply);

interface Gpu {
  readonly device: GPUDevice;
  readonly engine: Engine;
}

let gpuState: Promise<Gpu | string> | null = null;
const checked = new Map<string, ChosenCode>();
const compiled = new Map<string, Promise<LessonMatmulKernel>>();

async function openGpu(): Promise<Gpu | string> {
  const gpu = (navigator as Navigator & { gpu?: GPU }).gpu;
  if (!gpu) return 'This browser offers no WebGPU (navigator.gpu is missing; it also needs https:// or localhost).';
  const adapter = await gpu.requestAdapter().catch(() => null);
  if (!adapter) return 'This browser has WebGPU but returned no adapter (the GPU may be blocklisted or WebGPU switched off).';
  const { name, software } = summarizeAdapter((adapter as { info?: AdapterInfoLike }).info, (adapter as { isFallbackAdapter?: boolean }).isFallbackAdapter === true);
  post({ kind: 'adapter', name, software });
  const device = await adapter.requestDevice({ label: 'MatmulLab device' });
  device.lost.then((info) => {
    if (info.reason !== 'destroyed') post({ kind: 'error', message: `the GPU device was lost (${info.message}); reload the page to try again` });
  });
  const engine = await createEngine({ backend: 'webgpu', gpu });
  return { device, engine };
}

async function choose(device: GPUDevice, id: 'matmul-naive' | 'matmul-tiled', saved: string | undefined): Promise<ChosenCode> {
  const key = `${id}\n${saved ?? ''}`;
  const cached = checked.get(key);
  if (cached) return cached;
  if (saved !== undefined) post({ kind: 'status', text: `Checking your saved ${id} kernel with its exercise's grader…` });
  const chosen = await chooseWgslKernel(device, id, saved);
  checked.set(key, chosen);
  return chosen;
}

function kernelFor(device: GPUDevice, chosen: ChosenCode): Promise<LessonMatmulKernel> {
  const key = `${chosen.exerciseId}\n${chosen.code}`;
  let kernel = compiled.get(key);
  if (!kernel) {
    kernel = LessonMatmulKernel.compile(device, chosen.code, `MatmulLab ${chosen.exerciseId}`);
    compiled.set(key, kernel);
    kernel.catch(() => compiled.delete(key));
  }
  return kernel;
}

async function run(request: LabRequest): Promise<void> {
  gpuState ??= openGpu();
  const state = await gpuState;
  if (typeof state === 'string') {
    post({ kind: 'no-webgpu', reason: state });
    return;
  }
  const { device, engine } = state;
  const naive = await choose(device, 'matmul-naive', request.saved.naive);
  const tiled = await choose(device, 'matmul-tiled', request.saved.tiled);
  post({ kind: 'origins', naive: naive.origin, tiled: tiled.origin });

  const n = request.size;
  post({ kind: 'status', text: `N = ${n}: making the inputs and timing the engine's matmul…` });
  const inputs = makeInputs(n);
  const reference = await timeEngineMatmul(engine, inputs, (run, total) =>
    post({ kind: 'status', text: `N = ${n}: the engine's matmul, timed run ${run} of ${total}…` }),
  );
  post({
    kind: 'result',
    result: { size: n, kernel: 'engine', code: 'the course engine', yours: false, ms: reference.ms, maxError: 0, correct: true },
  });

  const tolerance = matmulTolerance(n);
  for (const [kind, chosen] of [['naive', naive], ['tiled', tiled]] as [KernelKind, ChosenCode][]) {
    const what = `the ${KERNEL_NAMES[kind]} kernel, ${originLabel(chosen.origin)}`;
    post({ kind: 'status', text: `N = ${n}: compiling and warming up ${what}…` });
    const kernel = await kernelFor(device, chosen);
    const timed = await kernel.time(inputs, (run, total) => post({ kind: 'status', text: `N = ${n}: ${what}, timed run ${run} of ${total}…` }));
    const maxError = maxAbsDifference(timed.c, reference.c, n * n);
    post({
      kind: 'result',
      result: {
        size: n,
        kernel: kind,
        code: shortOriginLabel(chosen.origin),
        yours: chosen.origin.kind === 'yours',
        ms: timed.ms,
        maxError,
        correct: maxError <= tolerance && timed.guardMessage === null,
        ...(timed.guardMessage ? { guardTripped: timed.guardMessage } : {}),
      },
    });
  }
  post({ kind: 'done' });
}

let busy = false;
self.onmessage = (event: MessageEvent<LabRequest>) => {
  if (busy) return;
  busy = true;
  run(event.data)
    .catch((error: unknown) => post({ kind: 'error', message: error instanceof Error ? error.message : String(error) }))
    .finally(() => (busy = false));
};
