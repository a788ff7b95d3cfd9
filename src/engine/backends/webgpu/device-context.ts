/**
 * Everything that belongs to one GPUDevice: the device itself, its buffer
 * pools, its pipeline cache and its command recorder. When the device is lost
 * the whole context is dropped and a new one is built on a fresh device, so
 * nothing from the old device (a cached pipeline, a pooled buffer) can leak
 * into the new one.
 */
import { BufferPool } from './buffer-pool';
import { CommandRecorder } from './command-recorder';
import type { CustomKernel } from './kernels/custom';

export type BindingKind = 'read-only-storage' | 'storage' | 'uniform';

/**
 * Which family of kernels suits the device. 'gpu': a real GPU, where
 * workgroup memory is on-chip and workgroups of cooperating invocations pay
 * off (tiled matmul, tree reductions). 'software': WebGPU implemented on the
 * CPU (SwiftShader), where workgroup memory is plain memory, barriers are
 * expensive context switches between invocations, and the fastest kernels
 * keep work in registers and let each invocation run alone.
 */
export type KernelProfile = 'gpu' | 'software';

/** 'software' for CPU implementations of WebGPU (SwiftShader, or any adapter flagged as a fallback). */
export function kernelProfileOf(info: GPUAdapterInfo | undefined): KernelProfile {
  if (!info) return 'gpu';
  const names = `${info.vendor} ${info.architecture} ${info.device} ${info.description}`.toLowerCase();
  const fallback = (info as { isFallbackAdapter?: boolean }).isFallbackAdapter === true;
  return fallback || names.includes('swiftshader') ? 'software' : 'gpu';
}

export interface ContextOptions {
  readonly label: string;
  readonly maxDispatchesPerBatch: number;
  readonly maxPooledBytes: number;
  /** Fold grids at this many workgroups per dimension (tests lower it to exercise folding cheaply). */
  readonly maxWorkgroupsPerDimension?: number;
  /** Kernel family to use (see KernelProfile). */
  readonly kernelProfile: KernelProfile;
}

export interface CompiledKernel {
  readonly pipeline: GPUComputePipeline;
  readonly layout: GPUBindGroupLayout;
}

export class DeviceContext {
  readonly storagePool: BufferPool;
  /** MAP_READ buffers that `read` copies results into. */
  readonly stagingPool: BufferPool;
  readonly recorder: CommandRecorder;
  /** runWgsl pipelines by (entry point, bindings, code). */
  readonly customKernels = new Map<string, CustomKernel>();
  /** Workgroups allowed along one grid dimension. */
  readonly workgroupLimit: number;
  /** Kernel family the launchers choose from (see KernelProfile). */
  readonly kernelProfile: KernelProfile;
  private readonly modules = new Map<string, GPUShaderModule>();
  private readonly layouts = new Map<string, GPUBindGroupLayout>();
  private readonly pipelines = new Map<string, CompiledKernel>();

  constructor(
    readonly device: GPUDevice,
    readonly generation: number,
    options: ContextOptions,
  ) {
    const { maxBufferSize, maxComputeWorkgroupsPerDimension } = device.limits;
    this.workgroupLimit = Math.min(options.maxWorkgroupsPerDimension ?? Infinity, maxComputeWorkgroupsPerDimension);
    this.kernelProfile = options.kernelProfile;
    this.storagePool = new BufferPool(
      device,
      GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST,
      maxBufferSize,
      options.maxPooledBytes,
    );
    this.stagingPool = new BufferPool(
      device,
      GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
      maxBufferSize,
      options.maxPooledBytes,
    );
    this.recorder = new CommandRecorder(device, options.maxDispatchesPerBatch, (through) => {
      this.storagePool.afterSubmit(through);
      this.stagingPool.afterSubmit(through);
    });
  }

  get limits(): GPUSupportedLimits {
    return this.device.limits;
  }

  /** Bind group layout from a list of binding kinds, by binding number. Cached. */
  layout(bindings: readonly (readonly [number, BindingKind])[]): GPUBindGroupLayout {
    const key = bindings.map(([n, kind]) => `${n}:${kind}`).join(',');
    let layout = this.layouts.get(key);
    if (!layout) {
      layout = this.device.createBindGroupLayout({
        label: `layout ${key}`,
        entries: bindings.map(([binding, type]) => ({
          binding,
          visibility: GPUShaderStage.COMPUTE,
          buffer: { type },
        })),
      });
      this.layouts.set(key, layout);
    }
    return layout;
  }

  module(name: string, code: string): GPUShaderModule {
    let module = this.modules.get(name);
    if (!module) {
      module = this.device.createShaderModule({ label: name, code });
      this.modules.set(name, module);
    }
    return module;
  }

  /**
   * A compute pipeline for (shader, entry point, override constants), built
   * once and cached: pipeline creation compiles the shader for this
   * specialisation, which costs far more than a dispatch.
   */
  kernel(
    shaderName: string,
    code: string,
    entryPoint: string,
    constants: Record<string, number>,
    bindings: readonly (readonly [number, BindingKind])[],
  ): CompiledKernel {
    const constantKey = Object.entries(constants)
      .map(([k, v]) => `${k}=${v}`)
      .join(',');
    const key = `${shaderName}:${entryPoint}:${constantKey}`;
    let kernel = this.pipelines.get(key);
    if (!kernel) {
      const layout = this.layout(bindings);
      const pipeline = this.device.createComputePipeline({
        label: `${shaderName}/${entryPoint} {${constantKey}}`,
        layout: this.device.createPipelineLayout({ label: `${shaderName}/${entryPoint}`, bindGroupLayouts: [layout] }),
        compute: { module: this.module(shaderName, code), entryPoint, constants },
      });
      kernel = { pipeline, layout };
      this.pipelines.set(key, kernel);
    }
    return kernel;
  }

  get pipelineCount(): number {
    return this.pipelines.size;
  }

  /** Drop pools and caches; the device itself is destroyed by the caller (or already lost). */
  dispose(): void {
    this.recorder.abandon();
    this.storagePool.clear();
    this.stagingPool.clear();
    this.modules.clear();
    this.layouts.clear();
    this.pipelines.clear();
    this.customKernels.clear();
  }
}

export interface EngineDevice {
  readonly device: GPUDevice;
  /** What the adapter says it is (used to pick a KernelProfile). */
  readonly adapterInfo: GPUAdapterInfo | undefined;
}

/** Request an adapter and a device with the adapter's full storage-buffer limits. */
export async function requestEngineDevice(gpu: GPU, label: string): Promise<EngineDevice> {
  const adapter = await gpu.requestAdapter();
  if (!adapter) {
    throw new Error(
      'createWebGpuBackend: navigator.gpu.requestAdapter() returned no adapter. WebGPU is present but no GPU ' +
        'is usable (blocklisted driver, or a headless browser without --enable-unsafe-webgpu); use the CPU backend.',
    );
  }
  // Ask for the adapter's real limits: the defaults (128 MiB bindings) are
  // lower than most GPUs allow and would make large tensors fail needlessly.
  const { maxStorageBufferBindingSize, maxBufferSize, maxComputeWorkgroupsPerDimension } = adapter.limits;
  const device = await adapter.requestDevice({
    label,
    requiredLimits: { maxStorageBufferBindingSize, maxBufferSize, maxComputeWorkgroupsPerDimension },
  });
  // adapter.info is recent (older browsers had requestAdapterInfo()); without it we assume a GPU.
  return { device, adapterInfo: (adapter as { info?: GPUAdapterInfo }).info };
}
