/// <reference lib="webworker" />
/**
 * The grading worker: runs learner code off the main thread, with its own GPU
 * device and engine instance. One message in (RunRequest), console lines and
 * one RunReport out. The page enforces the time limit by terminating this
 * worker, so nothing here needs to defend against endless JavaScript; endless
 * WGSL loops are cut by the loop guard inside the kernel.
 */
import { createEngine, type Engine } from '../engine/index';
import { loadGrader, loadManifest } from '../exercises/registry';
import type { TsGrader, WgslGrader } from '../grader/define';
import { gradeTs } from '../grader/ts-grade';
import { gradeWgslOnSimulator } from '../grader/sim-check';
import { gradeWgsl } from '../grader/wgsl-grade';
import { accessSummaryFor } from './access-case';
import type { LoseDeviceRequest, RunReport, RunRequest, WarmRequest, WorkerReply } from './protocol';

declare const self: DedicatedWorkerGlobalScope;

interface DeviceState {
  device: GPUDevice;
  description: string;
  lost: boolean;
  lostReason?: string;
}

let deviceState: Promise<DeviceState | null> | undefined;
/** Why gpuDevice() found no WebGPU, for the "Simulated on CPU" badge. */
let noGpuReason = '';
let engine: Promise<Engine> | undefined;

/** One device per worker, recreated after a loss. Null when this browser has no WebGPU adapter. */
function gpuDevice(): Promise<DeviceState | null> {
  deviceState ??= (async () => {
    const gpu = (navigator as Navigator & { gpu?: GPU }).gpu;
    if (!gpu) {
      noGpuReason = 'This browser does not offer WebGPU, so your kernel ran on the course\'s CPU simulator of WGSL instead: the verdict is the same, the speed is not a GPU\'s.';
      return null;
    }
    const adapter = await gpu.requestAdapter();
    if (!adapter) {
      noGpuReason = 'WebGPU is present but found no usable GPU adapter (it may be disabled or blocklisted), so your kernel ran on the course\'s CPU simulator of WGSL instead: the verdict is the same, the speed is not a GPU\'s.';
      return null;
    }
    const device = await adapter.requestDevice({ label: 'grading worker device' });
    const info = adapter.info;
    const state: DeviceState = {
      device,
      description: [info.vendor, info.architecture, info.description].filter(Boolean).join(' ') || 'WebGPU',
      lost: false,
    };
    void device.lost.then((lost) => {
      state.lost = true;
      state.lostReason = lost.message || lost.reason;
      deviceState = undefined; // the next run gets a fresh device
    });
    return state;
  })();
  return deviceState;
}

function failure(request: RunRequest, status: RunReport['status'], summary: string): RunReport {
  return { exerciseId: request.exerciseId, seed: request.seed, status, summary, diagnostics: [], cases: [], console: [], timings: { compileMs: 0, totalMs: 0 } };
}

async function grade(request: RunRequest): Promise<RunReport> {
  const manifest = await loadManifest(request.exerciseId);
  if (manifest.kind === 'wgsl') {
    const grader = (await loadGrader(manifest.id, 'wgsl')) as WgslGrader;
    const state = await gpuDevice();
    started(request);
    // Without WebGPU the kernel still runs, on the CPU simulator; the report says so.
    if (!state) {
      const report = gradeWgslOnSimulator({ manifest, grader, code: request.code, seed: request.seed });
      return withAccessSummary({ ...report, simulatedOnCpu: { reason: noGpuReason } }, manifest, grader, request);
    }
    const report = await gradeWgsl({ device: state.device, manifest, grader, code: request.code, seed: request.seed });
    if (state.lost) {
      return failure(request, 'device-lost', `The GPU device was lost during the run (${state.lostReason ?? 'no reason given'}). Run again: a new device will be created.`);
    }
    return withAccessSummary({ ...report, device: state.description }, manifest, grader, request);
  }
  const grader = (await loadGrader(manifest.id, 'ts')) as TsGrader;
  engine ??= createEngine({ backend: 'auto' });
  const eng = await engine;
  started(request);
  const report = await gradeTs({
    engine: eng,
    manifest,
    grader,
    code: request.code,
    seed: request.seed,
    onConsole: (line) => post({ type: 'console', runId: request.runId, line }),
  });
  return { ...report, device: eng.backendName };
}

/**
 * Adds the memory picture of one small case to a finished WGSL run, or the
 * reason it has none. Only for runs whose kernel compiled and ran to the end.
 */
function withAccessSummary(report: RunReport, manifest: Parameters<typeof accessSummaryFor>[0], grader: WgslGrader, request: RunRequest): RunReport {
  if (report.status === 'compile-error') return { ...report, accessSummaryNote: 'No memory picture: fix the compile error first.' };
  if (report.status !== 'passed' && report.status !== 'failed') return { ...report, accessSummaryNote: 'No memory picture: the run did not finish normally.' };
  const outcome = accessSummaryFor(manifest, grader, request.code, request.seed);
  return outcome.summary ? { ...report, accessSummary: outcome.summary } : { ...report, accessSummaryNote: outcome.note };
}

/** Tells the page that setup is over and the time limit starts now. */
function started(request: RunRequest): void {
  post({ type: 'started', runId: request.runId });
}

function post(reply: WorkerReply): void {
  self.postMessage(reply);
}

self.onmessage = async (event: MessageEvent<RunRequest | LoseDeviceRequest | WarmRequest>) => {
  const request = event.data;
  if (request.type === 'warm') {
    try {
      if (request.kind === 'wgsl') await gpuDevice();
      else await (engine ??= createEngine({ backend: 'auto' }));
    } catch {
      // A failure here resurfaces, with its message, in the first run.
    }
    post({ type: 'warmed', runId: 0, kind: request.kind });
    return;
  }
  if (request.type === 'lose-device') {
    (await deviceState)?.device.destroy();
    return;
  }
  if (request.type !== 'run') return;
  let report: RunReport;
  try {
    report = await grade(request);
  } catch (error) {
    report = failure(request, 'runtime-error', `The grader could not run: ${(error as Error)?.message ?? String(error)}`);
  }
  post({ type: 'result', runId: request.runId, report });
};
