/**
 * The WebGPU backend of the tensor engine: the Backend contract
 * (src/engine/backend.ts) implemented with compute shaders (shaders/*.wgsl).
 *
 * How the pieces fit:
 * - DeviceContext (device-context.ts) owns one GPUDevice with its buffer pool,
 *   pipeline cache and CommandRecorder; kernels/*.ts record dispatches into it.
 * - Work is queued, not run: primitives record into one open command encoder
 *   and `read` submits the batch and maps a staging buffer (command-recorder.ts).
 * - Device loss: `device.lost` is reported through onDeviceLost, the context
 *   is dropped (pool and pipeline cache with it) and a new device is requested
 *   at once. Calls made while it arrives are queued and replayed on it, so the
 *   caller sees no gap; storages from the lost device throw a clear error.
 */
import type { Backend, BinaryOp, DType, ReduceOp, Storage, UnaryOp, View, WgslKernel } from '../../backend';
import { BYTES_PER_ELEMENT } from '../../backend';
import { sizeClassBytes } from './buffer-pool';
import type { RecorderStats } from './command-recorder';
import { DeviceContext, kernelProfileOf, requestEngineDevice, type KernelProfile } from './device-context';
import { runWgsl } from './kernels/custom';
import { BINARY_OPS, UNARY_OPS, binary, fill, unary, where } from './kernels/elementwise';
import { matmul } from './kernels/matmul';
import { reduce } from './kernels/reduce';
import { softmax } from './kernels/softmax';
import { gatherRows, scatterAddRows } from './kernels/rows';
import { GpuStorage } from './storage';

export interface WebGpuBackendOptions {
  /** Defaults to globalThis.navigator?.gpu; pass the `webgpu` package's GPU in Node. */
  gpu?: GPU;
  /** Called with "reason: message" when the device is lost (not on destroy()). */
  onDeviceLost?: (info: string) => void;
  /** Prefix for the device's label. */
  label?: string;
  /** Submit after this many dispatches even without a read (default 256). */
  maxDispatchesPerBatch?: number;
  /** Bytes of freed buffers kept for reuse before freed buffers are destroyed (default 512 MiB). */
  maxPooledBytes?: number;
  /** Fold dispatch grids beyond this many workgroups per dimension (default: the device limit, 65535). For tests. */
  maxWorkgroupsPerDimension?: number;
  /**
   * Kernel family: 'auto' (default) picks 'software' on CPU implementations
   * of WebGPU (SwiftShader) and 'gpu' otherwise; forcing one lets tests
   * exercise both families on any adapter.
   */
  kernelProfile?: KernelProfile | 'auto';
}

export interface WebGpuStats extends RecorderStats {
  /** Device generation: 0 for the first device, +1 per recovery from a loss. */
  generation: number;
  pipelines: number;
  /** Kernel family in use (see WebGpuBackendOptions.kernelProfile). */
  kernelProfile: KernelProfile | null;
}

const REDUCE_OPS: readonly ReduceOp[] = ['sum', 'max', 'min', 'argmax', 'argmin'];

function shapeText(shape: readonly number[]): string {
  return `[${shape.join(',')}]`;
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

export async function createWebGpuBackend(options: WebGpuBackendOptions = {}): Promise<WebGpuBackend> {
  const gpu = options.gpu ?? (globalThis as { navigator?: { gpu?: GPU } }).navigator?.gpu;
  if (!gpu) {
    throw new Error(
      'createWebGpuBackend: WebGPU is not available (navigator.gpu is undefined). Use a WebGPU browser on a ' +
        'secure origin (https:// or http://localhost), pass options.gpu in Node, or use the CPU backend.',
    );
  }
  const backend = new WebGpuBackend(gpu, options);
  await backend.debug.ready();
  return backend;
}

export class WebGpuBackend implements Backend {
  readonly name = 'webgpu' as const;

  private context: DeviceContext | null = null;
  private generation = 0;
  /** Set while a device is being requested; calls made meanwhile wait in `deferred`. */
  private connecting: Promise<void> | null;
  private deferred: ((ctx: DeviceContext) => void)[] = [];
  private connectError: Error | null = null;
  private readonly live = new Set<GpuStorage>();
  private liveBytes = 0;
  private nextId = 1;
  private destroyed = false;
  private maxBufferSize = 256 * 1024 * 1024;
  private maxBindingSize = 128 * 1024 * 1024;
  private readonly uncapturedErrors: string[] = [];
  private readonly label: string;

  constructor(
    private readonly gpu: GPU,
    private readonly options: WebGpuBackendOptions,
  ) {
    this.label = options.label ?? 'engine';
    this.connecting = this.connect();
  }

  // ---- device lifecycle ---------------------------------------------------

  private async connect(): Promise<void> {
    const generation = this.generation;
    let device: GPUDevice;
    let adapterInfo: GPUAdapterInfo | undefined;
    try {
      ({ device, adapterInfo } = await requestEngineDevice(this.gpu, `${this.label} device #${generation}`));
    } catch (error) {
      this.connectError = error instanceof Error ? error : new Error(String(error));
      this.connecting = null;
      throw this.connectError;
    }
    if (this.destroyed) {
      device.destroy();
      return;
    }
    const ctx = new DeviceContext(device, generation, {
      label: this.label,
      maxDispatchesPerBatch: this.options.maxDispatchesPerBatch ?? 256,
      maxPooledBytes: this.options.maxPooledBytes ?? 512 * 1024 * 1024,
      ...(this.options.maxWorkgroupsPerDimension ? { maxWorkgroupsPerDimension: this.options.maxWorkgroupsPerDimension } : {}),
      kernelProfile:
        !this.options.kernelProfile || this.options.kernelProfile === 'auto'
          ? kernelProfileOf(adapterInfo)
          : this.options.kernelProfile,
    });
    this.maxBufferSize = device.limits.maxBufferSize;
    this.maxBindingSize = device.limits.maxStorageBufferBindingSize;
    device.onuncapturederror = (event) => {
      const message = `${this.label}: uncaptured WebGPU error: ${event.error.message}`;
      this.uncapturedErrors.push(message);
      console.error(message);
    };
    void device.lost.then((info) => this.handleLoss(ctx, info));
    this.context = ctx;
    this.connecting = null;
    // Replay what was called while the device was on its way, in call order.
    const work = this.deferred;
    this.deferred = [];
    for (const step of work) step(ctx);
  }

  private handleLoss(ctx: DeviceContext, info: GPUDeviceLostInfo): void {
    if (this.destroyed || ctx !== this.context) return;
    this.context = null;
    ctx.dispose();
    // Storages of the lost device keep their old generation number, which is
    // how later uses recognise them.
    this.live.clear();
    this.liveBytes = 0;
    this.generation++;
    this.options.onDeviceLost?.(`${info.reason}: ${info.message}`);
    this.connecting = this.connect().catch(() => {
      /* kept in connectError, reported by the next call */
    });
  }

  /** Run `step` on the device now, or queue it until the replacement device is ready. */
  private run(op: string, step: (ctx: DeviceContext) => void): void {
    this.assertUsable(op);
    if (this.context) step(this.context);
    else this.deferred.push(step);
  }

  private assertUsable(op: string): void {
    if (this.destroyed) throw new Error(`${op}: the WebGPU backend was destroyed; create a new engine`);
    if (this.connectError && !this.connecting && !this.context) {
      throw new Error(`${op}: the GPU device was lost and no new one could be created (${this.connectError.message})`);
    }
  }

  private async currentContext(op: string): Promise<DeviceContext> {
    this.assertUsable(op);
    while (!this.context) {
      if (this.connecting) await this.connecting.catch(() => undefined);
      this.assertUsable(op);
      if (!this.context && !this.connecting) throw new Error(`${op}: no GPU device available`);
    }
    return this.context;
  }

  /** Check that `storage` is a live storage of this backend on the current device. */
  private own(storage: Storage, op: string): GpuStorage {
    if (!(storage instanceof GpuStorage)) {
      throw new Error(`${op}: storage #${storage.id} was not created by this WebGPU backend (mixing backends?)`);
    }
    if (storage.freed) throw new Error(`${op}: ${storage.describe()} was already freed (use after dispose)`);
    if (storage.generation !== this.generation) {
      throw new Error(
        `${op}: tensor was created on a GPU device that was lost; recreate it (${storage.describe()}, ` +
          `device #${storage.generation}, current device #${this.generation})`,
      );
    }
    if (!this.live.has(storage)) {
      throw new Error(`${op}: ${storage.describe()} belongs to another WebGPU backend instance`);
    }
    return storage;
  }

  private ownView(view: View, op: string, role: string): GpuStorage {
    const storage = this.own(view.storage, op);
    if (view.shape.length !== view.strides.length) {
      throw new Error(`${op}: ${role} has shape ${shapeText(view.shape)} but ${view.strides.length} strides`);
    }
    // The reachable element range, so a bad view fails here and not as silent garbage on the GPU.
    let low = view.offset;
    let high = view.offset;
    let empty = false;
    view.shape.forEach((extent, d) => {
      if (extent === 0) empty = true;
      const reach = (extent - 1) * view.strides[d]!;
      if (reach < 0) low += reach;
      else high += reach;
    });
    if (!empty && (low < 0 || high >= storage.size)) {
      throw new Error(
        `${op}: ${role} view ${shapeText(view.shape)} strides ${shapeText(view.strides)} offset ${view.offset} ` +
          `reaches elements ${low}..${high} of a storage of ${storage.size}; fix the view's strides or offset`,
      );
    }
    return storage;
  }

  private createStorage(size: number, dtype: DType, op: string): GpuStorage {
    this.assertUsable(op);
    if (!Number.isInteger(size) || size < 0) throw new Error(`${op}: size must be a non-negative integer, got ${size}`);
    if (dtype !== 'float32' && dtype !== 'int32') throw new Error(`${op}: unsupported dtype ${String(dtype)}`);
    const bytes = size * BYTES_PER_ELEMENT;
    if (bytes > this.maxBindingSize) {
      throw new Error(
        `${op}: ${size} ${dtype} elements (${(bytes / 2 ** 20).toFixed(1)} MiB) exceed this GPU's ` +
          `maxStorageBufferBindingSize (${(this.maxBindingSize / 2 ** 20).toFixed(0)} MiB); split the tensor or use the CPU backend`,
      );
    }
    const storage = new GpuStorage(this.nextId++, size, dtype, this.generation);
    this.live.add(storage);
    this.liveBytes += sizeClassBytes(storage.bindingSize, this.maxBufferSize);
    return storage;
  }

  // ---- Backend: memory ------------------------------------------------------

  alloc(size: number, dtype: DType): Storage {
    const storage = this.createStorage(size, dtype, 'alloc');
    this.run('alloc', (ctx) => {
      storage.buffer = ctx.storagePool.acquire(storage.bindingSize, storage.describe());
    });
    return storage;
  }

  upload(data: Float32Array | Int32Array): Storage {
    const dtype: DType = data instanceof Int32Array ? 'int32' : 'float32';
    if (!(data instanceof Int32Array) && !(data instanceof Float32Array)) {
      throw new Error('upload: expects a Float32Array or an Int32Array');
    }
    const storage = this.createStorage(data.length, dtype, 'upload');
    // The caller may reuse its array; a queued upload needs its own copy.
    const source = this.context ? data : data.slice();
    this.run('upload', (ctx) => {
      // writeBuffer runs ahead of the batch being recorded, so only a buffer
      // whose previous users have all been submitted may receive it.
      storage.buffer = ctx.storagePool.acquire(storage.bindingSize, storage.describe(), ctx.recorder.submittedThrough);
      // (The cast: TypeScript's typed arrays may sit on a SharedArrayBuffer, which writeBuffer also accepts.)
      if (source.length > 0) ctx.device.queue.writeBuffer(storage.buffer, 0, source as Float32Array<ArrayBuffer>);
    });
    return storage;
  }

  async read(storage: Storage): Promise<Float32Array | Int32Array> {
    const s = this.own(storage, 'read');
    const ArrayType = s.dtype === 'int32' ? Int32Array : Float32Array;
    if (s.size === 0) return new ArrayType(0);
    const ctx = await this.currentContext('read');
    this.own(storage, 'read'); // the device may have been lost while we waited
    const bytes = s.byteLength;
    const staging = ctx.stagingPool.acquire(bytes, `read ${s.describe()}`);
    ctx.recorder.copy(s.buffer!, staging, bytes);
    s.lastUse = ctx.recorder.serial;
    try {
      await ctx.recorder.flush();
      await staging.mapAsync(GPUMapMode.READ, 0, bytes);
    } catch (error) {
      if (ctx !== this.context || s.generation !== this.generation) {
        throw new Error(`read: tensor was created on a GPU device that was lost; recreate it (${s.describe()})`);
      }
      ctx.stagingPool.release(staging, ctx.recorder.serial);
      throw error;
    }
    const data = new ArrayType(staging.getMappedRange(0, bytes).slice(0));
    staging.unmap();
    ctx.stagingPool.release(staging, 0);
    return data;
  }

  free(storage: Storage): void {
    if (!(storage instanceof GpuStorage)) throw new Error(`free: storage #${storage.id} was not created by this WebGPU backend`);
    if (storage.freed) throw new Error(`free: ${storage.describe()} was already freed (double dispose)`);
    storage.freed = true;
    // After destroy() or a device loss the buffer went with its device.
    if (this.destroyed || storage.generation !== this.generation || !this.live.has(storage)) return;
    this.live.delete(storage);
    this.liveBytes -= sizeClassBytes(storage.bindingSize, this.maxBufferSize);
    this.run('free', (ctx) => {
      ctx.storagePool.release(storage.buffer!, storage.lastUse);
      storage.buffer = null;
    });
  }

  fill(out: Storage, value: number): void {
    const o = this.own(out, 'fill');
    this.run('fill', (ctx) => fill(ctx, o, value));
  }

  memory(): { storages: number; bytesInUse: number; bytesPooled: number } {
    const ctx = this.context;
    return {
      storages: this.live.size,
      // Bytes of the GPU buffers behind live storages (size classes, so up to 2x the tensor bytes).
      bytesInUse: this.liveBytes,
      bytesPooled: ctx ? ctx.storagePool.bytesPooled + ctx.stagingPool.bytesPooled : 0,
    };
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    const ctx = this.context;
    this.context = null;
    this.deferred = [];
    this.live.clear();
    this.liveBytes = 0;
    if (ctx) {
      ctx.dispose();
      ctx.device.destroy();
    }
  }

  // ---- Backend: compute -------------------------------------------------------

  unary(op: UnaryOp, x: View, out: Storage, param = 0): void {
    if (!UNARY_OPS.includes(op)) throw new Error(`unary: unknown op "${op}"; expected one of ${UNARY_OPS.join(', ')}`);
    const xs = this.ownView(x, `unary ${op}`, 'x');
    const o = this.own(out, `unary ${op}`);
    const n = x.shape.reduce((p, d) => p * d, 1);
    if (n !== o.size) {
      throw new Error(`unary ${op}: x ${shapeText(x.shape)} has ${n} elements but out has ${o.size}; allocate out with x's shape`);
    }
    this.noAlias(`unary ${op}`, o, [xs]);
    this.run('unary', (ctx) => unary(ctx, op, x, xs, o, param));
  }

  binary(op: BinaryOp, a: View, b: View, out: Storage): void {
    if (!BINARY_OPS.includes(op)) throw new Error(`binary: unknown op "${op}"; expected one of ${BINARY_OPS.join(', ')}`);
    const as = this.ownView(a, `binary ${op}`, 'a');
    const bs = this.ownView(b, `binary ${op}`, 'b');
    const o = this.own(out, `binary ${op}`);
    if (!sameShape(a.shape, b.shape)) {
      throw new Error(
        `binary ${op}: a ${shapeText(a.shape)} and b ${shapeText(b.shape)} must already be broadcast to one shape (stride 0 on broadcast axes)`,
      );
    }
    const n = a.shape.reduce((p, d) => p * d, 1);
    if (n !== o.size) throw new Error(`binary ${op}: views ${shapeText(a.shape)} have ${n} elements but out has ${o.size}`);
    this.noAlias(`binary ${op}`, o, [as, bs]);
    this.run('binary', (ctx) => binary(ctx, op, a, as, b, bs, o));
  }

  where(cond: View, a: View, b: View, out: Storage): void {
    const cs = this.ownView(cond, 'where', 'cond');
    const as = this.ownView(a, 'where', 'a');
    const bs = this.ownView(b, 'where', 'b');
    const o = this.own(out, 'where');
    if (!sameShape(cond.shape, a.shape) || !sameShape(a.shape, b.shape)) {
      throw new Error(
        `where: cond ${shapeText(cond.shape)}, a ${shapeText(a.shape)} and b ${shapeText(b.shape)} must already be broadcast to one shape`,
      );
    }
    const n = a.shape.reduce((p, d) => p * d, 1);
    if (n !== o.size) throw new Error(`where: views ${shapeText(a.shape)} have ${n} elements but out has ${o.size}`);
    this.noAlias('where', o, [cs, as, bs]);
    this.run('where', (ctx) => where(ctx, cond, cs, a, as, b, bs, o));
  }

  reduce(op: ReduceOp, x: Storage, outer: number, reduceSize: number, inner: number, out: Storage): void {
    if (!REDUCE_OPS.includes(op)) throw new Error(`reduce: unknown op "${op}"; expected one of ${REDUCE_OPS.join(', ')}`);
    const xs = this.own(x, `reduce ${op}`);
    const o = this.own(out, `reduce ${op}`);
    const label = `reduce ${op} over [${outer}, ${reduceSize}, ${inner}]`;
    if (outer * reduceSize * inner > xs.size) {
      throw new Error(`${label}: needs ${outer * reduceSize * inner} elements but x has ${xs.size}`);
    }
    if (o.size !== outer * inner) throw new Error(`${label}: out must have outer * inner = ${outer * inner} elements, has ${o.size}`);
    const wantDtype: DType = op === 'argmax' || op === 'argmin' ? 'int32' : xs.dtype;
    if (o.dtype !== wantDtype) throw new Error(`${label}: out must be ${wantDtype}, got ${o.dtype}`);
    if (reduceSize === 0 && (op === 'argmax' || op === 'argmin' || op === 'max' || op === 'min')) {
      throw new Error(`${label}: ${op} of an empty axis is undefined`);
    }
    this.noAlias(label, o, [xs]);
    this.run('reduce', (ctx) => reduce(ctx, op, xs, outer, reduceSize, inner, o));
  }

  softmax(x: Storage, outer: number, size: number, inner: number, out: Storage, log: boolean): void {
    const name = log ? 'logSoftmax' : 'softmax';
    const xs = this.own(x, name);
    const o = this.own(out, name);
    const label = `${name} over [${outer}, ${size}, ${inner}]`;
    const n = outer * size * inner;
    if (xs.dtype !== 'float32' || o.dtype !== 'float32') throw new Error(`${label}: x and out must be float32`);
    if (n > xs.size || o.size !== n) throw new Error(`${label}: x and out need ${n} elements, have ${xs.size} and ${o.size}`);
    this.noAlias(label, o, [xs]);
    this.run(name, (ctx) => softmax(ctx, xs, outer, size, inner, o, log));
  }

  matmul(a: View, b: View, out: Storage): void {
    const as = this.ownView(a, 'matmul', 'a');
    const bs = this.ownView(b, 'matmul', 'b');
    const o = this.own(out, 'matmul');
    if (a.shape.length !== 3 || b.shape.length !== 3) {
      throw new Error(`matmul: a ${shapeText(a.shape)} and b ${shapeText(b.shape)} must be 3-D views [batch, M, K] and [batch, K, N]`);
    }
    const [batch, M, K] = a.shape as [number, number, number];
    const [batchB, KB, N] = b.shape as [number, number, number];
    if (batch !== batchB || K !== KB) {
      throw new Error(
        `matmul: a ${shapeText(a.shape)} and b ${shapeText(b.shape)} do not match (batch ${batch} vs ${batchB}, inner ${K} vs ${KB})`,
      );
    }
    if (as.dtype !== 'float32' || bs.dtype !== 'float32' || o.dtype !== 'float32') {
      throw new Error(`matmul: WebGPU matmul is float32 only (a ${as.dtype}, b ${bs.dtype}, out ${o.dtype}); convert with toFloat first`);
    }
    if (o.size !== batch * M * N) throw new Error(`matmul: out must hold [${batch}, ${M}, ${N}] = ${batch * M * N} elements, has ${o.size}`);
    this.noAlias('matmul', o, [as, bs]);
    this.run('matmul', (ctx) => {
      if (K === 0) fill(ctx, o, 0);
      else matmul(ctx, a, as, b, bs, o);
    });
  }

  gatherRows(table: Storage, rows: number, cols: number, indices: Storage, out: Storage): void {
    const t = this.own(table, 'gatherRows');
    const i = this.own(indices, 'gatherRows');
    const o = this.own(out, 'gatherRows');
    if (i.dtype !== 'int32') throw new Error(`gatherRows: indices must be int32, got ${i.dtype}`);
    if (t.size < rows * cols) throw new Error(`gatherRows: table [${rows}, ${cols}] needs ${rows * cols} elements, has ${t.size}`);
    if (o.size !== i.size * cols) throw new Error(`gatherRows: out must hold [${i.size}, ${cols}], has ${o.size} elements`);
    if (o.dtype !== t.dtype) throw new Error(`gatherRows: out dtype ${o.dtype} differs from table dtype ${t.dtype}`);
    this.noAlias('gatherRows', o, [t, i]);
    this.run('gatherRows', (ctx) => gatherRows(ctx, t, rows, cols, i, o));
  }

  scatterAddRows(src: Storage, indices: Storage, rows: number, cols: number, out: Storage): void {
    const s = this.own(src, 'scatterAddRows');
    const i = this.own(indices, 'scatterAddRows');
    const o = this.own(out, 'scatterAddRows');
    if (i.dtype !== 'int32') throw new Error(`scatterAddRows: indices must be int32, got ${i.dtype}`);
    if (s.dtype !== 'float32' || o.dtype !== 'float32') throw new Error('scatterAddRows: src and out must be float32');
    if (s.size !== i.size * cols) throw new Error(`scatterAddRows: src must hold [${i.size}, ${cols}], has ${s.size} elements`);
    if (o.size !== rows * cols) throw new Error(`scatterAddRows: out must hold [${rows}, ${cols}], has ${o.size} elements`);
    this.noAlias('scatterAddRows', o, [s, i]);
    this.run('scatterAddRows', (ctx) => scatterAddRows(ctx, s, i, rows, cols, o));
  }

  runWgsl(kernel: WgslKernel): void {
    const op = `runWgsl "${kernel.label}"`;
    const inputs = kernel.inputs.map((s) => this.own(s, op));
    const outputs = kernel.outputs.map((s) => this.own(s, op));
    for (const o of outputs) this.noAlias(op, o, inputs);
    if (new Set(outputs).size !== outputs.length) throw new Error(`${op}: the same storage is listed twice as an output`);
    const storageBindings = inputs.length + outputs.length;
    this.run('runWgsl', (ctx) => {
      if (storageBindings > ctx.limits.maxStorageBuffersPerShaderStage) {
        throw new Error(`${op}: ${storageBindings} storage buffers exceed this GPU's ${ctx.limits.maxStorageBuffersPerShaderStage}`);
      }
      runWgsl(ctx, kernel, inputs, outputs);
    });
  }

  private noAlias(op: string, out: GpuStorage, inputs: readonly GpuStorage[]): void {
    if (inputs.includes(out)) {
      throw new Error(`${op}: the output ${out.describe()} is also an input; outputs must be fresh storages`);
    }
  }

  // ---- for tests, the benchmark and debugging -------------------------------

  readonly debug = {
    /** Resolves when a device is ready (after creation or a recovery). */
    ready: async (): Promise<void> => {
      await this.currentContext('ready');
    },
    stats: (): WebGpuStats => {
      const ctx = this.context;
      const recorder = ctx?.recorder.stats ?? { submits: 0, dispatches: 0, batchesHeld: 0 };
      return { ...recorder, generation: this.generation, pipelines: ctx?.pipelineCount ?? 0, kernelProfile: ctx?.kernelProfile ?? null };
    },
    /** The current GPUDevice (e.g. to destroy it and simulate a device loss). */
    device: (): GPUDevice | null => this.context?.device ?? null,
    /** The GPUBuffer behind a storage, to observe pool reuse. */
    bufferOf: (storage: Storage): GPUBuffer | null => (storage instanceof GpuStorage ? storage.buffer : null),
    /** Validation errors the device raised outside any error scope (should stay empty). */
    uncapturedErrors: (): readonly string[] => this.uncapturedErrors,
  };
}
