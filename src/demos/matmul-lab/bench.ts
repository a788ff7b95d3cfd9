/**
 * MatmulLab's GPU side: runs and times a matmul kernel written to lesson 7's
 * fixed interface (bindings a, b, c, dims; 16 × 16 workgroups; dispatch
 * [ceil(n / 16), ceil(m / 16), 1]) on a GPUDevice, and the engine's matmul.
 *
 * Timing, for both: one warm-up (pipeline compile and first-use costs
 * excluded), then 5 runs (3 if a dispatch takes seconds), each a batch of dispatches submitted
 * together and timed until the GPU reports the work done
 * (queue.onSubmittedWorkDone for the learner kernels; a one-element readback
 * for the engine, whose queue is internal). Median per dispatch. Timestamp
 * queries would time the GPU alone, but many devices do not offer them.
 *
 * The learner's kernel runs with the loop guard compiled in, as on the
 * exercise page (status buffer at @group(1) @binding(0)); its counter adds a
 * little work per loop iteration, which the page mentions.
 */
import type { Engine } from '../../engine/index';
import { uniformArray } from '../../engine/random';
import { instrumentLoops, readLoopGuardStatus, type LoopGuardResult } from '../../runner/loop-guard';
import { dispatchesPerRun, msPerDispatch, timedRunsFor } from './measure';

const GUARD_SLOT = { group: 1, binding: 0 } as const;
const WORKGROUP = 16;

export interface MatmulInputs {
  readonly n: number;
  /** Row-major N × N, uniform in [-1, 1). */
  readonly a: Float32Array;
  readonly b: Float32Array;
}

export function makeInputs(n: number, seed = 7): MatmulInputs {
  return { n, a: uniformArray(n * n, seed, -1, 1), b: uniformArray(n * n, seed + 1, -1, 1) };
}

/** Called after each timed run, e.g. to report progress. */
export type OnRun = (run: number, total: number) => void;

export interface TimedProduct {
  /** Median milliseconds per dispatch. */
  readonly ms: number;
  readonly dispatchesPerRun: number;
  /** C as computed (N × N). */
  readonly c: Float32Array;
  /** The loop guard's message if a loop was stopped, else null. */
  readonly guardMessage: string | null;
}

/** A compiled learner (or solution) matmul kernel. */
export class LessonMatmulKernel {
  private constructor(
    private readonly device: GPUDevice,
    private readonly label: string,
    private readonly pipeline: GPUComputePipeline,
    private readonly guard: LoopGuardResult,
  ) {}

  /** Compiles `code` with the loop guard; throws with the compiler's first error (line:column) if it does not compile. */
  static async compile(device: GPUDevice, code: string, label: string): Promise<LessonMatmulKernel> {
    const guard = instrumentLoops(code, { errorBinding: GUARD_SLOT });
    device.pushErrorScope('validation');
    const module = device.createShaderModule({ label, code: guard.code });
    const info = await module.getCompilationInfo();
    await device.popErrorScope();
    const error = info.messages.find((m) => m.type === 'error');
    if (error) throw new Error(`${label} does not compile: line ${error.lineNum}, column ${error.linePos}: ${error.message}`);
    const storage = (type: GPUBufferBindingType, binding: number): GPUBindGroupLayoutEntry => ({ binding, visibility: GPUShaderStage.COMPUTE, buffer: { type } });
    const layout = device.createPipelineLayout({
      label,
      bindGroupLayouts: [
        device.createBindGroupLayout({
          label: `${label}: a, b, c, dims`,
          entries: [storage('read-only-storage', 0), storage('read-only-storage', 1), storage('storage', 2), storage('uniform', 3)],
        }),
        device.createBindGroupLayout({ label: `${label}: loop guard`, entries: [storage('storage', GUARD_SLOT.binding)] }),
      ],
    });
    const pipeline = await device.createComputePipelineAsync({ label, layout, compute: { module, entryPoint: 'main' } });
    return new LessonMatmulKernel(device, label, pipeline, guard);
  }

  /** Warm-up, the timed runs (onRun is told after each), then C and the loop guard's status read back. */
  async time(inputs: MatmulInputs, onRun: OnRun = () => {}): Promise<TimedProduct> {
    const { device, label, pipeline, guard } = this;
    const { n } = inputs;
    const bytes = n * n * 4;
    const make = (name: string, size: number, usage: number): GPUBuffer => device.createBuffer({ label: `${label}: ${name} (N = ${n})`, size, usage });
    const a = make('a', bytes, GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST);
    const b = make('b', bytes, GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST);
    const c = make('c', bytes, GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC);
    const dims = make('dims', 16, GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST);
    const status = make('loop guard status', guard.statusWords * 4, GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST);
    const readback = make('readback', bytes + guard.statusWords * 4, GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST);
    try {
      device.queue.writeBuffer(a, 0, inputs.a as Float32Array<ArrayBuffer>);
      device.queue.writeBuffer(b, 0, inputs.b as Float32Array<ArrayBuffer>);
      device.queue.writeBuffer(dims, 0, Uint32Array.of(n, n, n, 0));
      device.queue.writeBuffer(status, 0, new Uint32Array(guard.statusWords));
      const groups = [
        device.createBindGroup({
          label: `${label}: a, b, c, dims`,
          layout: pipeline.getBindGroupLayout(0),
          entries: [a, b, c, dims].map((buffer, binding) => ({ binding, resource: { buffer } })),
        }),
        device.createBindGroup({ label: `${label}: loop guard`, layout: pipeline.getBindGroupLayout(1), entries: [{ binding: GUARD_SLOT.binding, resource: { buffer: status } }] }),
      ] as const;
      const workgroups = Math.ceil(n / WORKGROUP);
      const submit = async (dispatches: number): Promise<number> => {
        const encoder = device.createCommandEncoder({ label: `${label}: ${dispatches} dispatch(es)` });
        for (let i = 0; i < dispatches; i++) {
          const pass = encoder.beginComputePass({ label: `${label}: C = A·B` });
          pass.setPipeline(pipeline);
          pass.setBindGroup(0, groups[0]);
          pass.setBindGroup(1, groups[1]);
          pass.dispatchWorkgroups(workgroups, workgroups, 1);
          pass.end();
        }
        const commands = encoder.finish();
        const started = performance.now();
        device.queue.submit([commands]);
        await device.queue.onSubmittedWorkDone();
        return performance.now() - started;
      };

      const warmupMs = await submit(1);
      const perRun = dispatchesPerRun(warmupMs);
      const total = timedRunsFor(warmupMs);
      const runs: number[] = [];
      for (let run = 0; run < total; run++) {
        runs.push(await submit(perRun));
        onRun(run + 1, total);
      }

      const encoder = device.createCommandEncoder({ label: `${label}: read back` });
      encoder.copyBufferToBuffer(c, 0, readback, 0, bytes);
      encoder.copyBufferToBuffer(status, 0, readback, bytes, guard.statusWords * 4);
      device.queue.submit([encoder.finish()]);
      await readback.mapAsync(GPUMapMode.READ);
      const mapped = readback.getMappedRange();
      const product = new Float32Array(mapped.slice(0, bytes));
      const words = new Uint32Array(mapped.slice(bytes));
      readback.unmap();
      return { ms: msPerDispatch(runs, perRun), dispatchesPerRun: perRun, c: product, guardMessage: readLoopGuardStatus(words, guard).message };
    } finally {
      for (const buffer of [a, b, c, dims, status, readback]) buffer.destroy();
    }
  }
}

/** The same measurement for the engine's matmul (its device and queue are its own). */
export async function timeEngineMatmul(engine: Engine, inputs: MatmulInputs, onRun: OnRun = () => {}): Promise<TimedProduct> {
  const { n } = inputs;
  const a = engine.tensor(inputs.a, [n, n]);
  const b = engine.tensor(inputs.b, [n, n]);
  // Waits for every queued product: reading one element flushes the batch and waits for the GPU.
  const run = async (dispatches: number): Promise<number> => {
    const products = [];
    const started = performance.now();
    for (let i = 0; i < dispatches; i++) products.push(engine.matmul(a, b));
    const corner = engine.slice(products[products.length - 1]!, [0, 0], [1, 1]);
    await corner.data();
    const elapsed = performance.now() - started;
    corner.dispose();
    for (const p of products) p.dispose();
    return elapsed;
  };
  try {
    const warm = engine.matmul(a, b);
    const c = Float32Array.from(await warm.data());
    warm.dispose();
    // The first call also compiled the kernel; time one more for the batch size.
    const warmupMs = await run(1);
    const perRun = dispatchesPerRun(warmupMs);
    const total = timedRunsFor(warmupMs);
    const runs: number[] = [];
    for (let i = 0; i < total; i++) {
      runs.push(await run(perRun));
      onRun(i + 1, total);
    }
    return { ms: msPerDispatch(runs, perRun), dispatchesPerRun: perRun, c, guardMessage: null };
  } finally {
    a.dispose();
    b.dispose();
  }
}
