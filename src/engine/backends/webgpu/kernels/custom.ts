/**
 * runWgsl: dispatch a learner- or lesson-supplied WGSL compute kernel.
 *
 * The bind group layout is explicit (inputs read-only storage, then outputs
 * read_write storage, then one uniform buffer, at @binding(0..)) rather than
 * 'auto', so a kernel that ignores one of its inputs still binds: with 'auto'
 * an unused binding vanishes from the layout and binding it is an error.
 *
 * Compiling is asynchronous in WebGPU (getCompilationInfo and error scopes
 * return promises) while runWgsl must return at once. So the first run of a
 * new kernel is recorded straight away with a pending check attached; the
 * batch holding it is submitted only once the check passes, and if the WGSL
 * has errors the `read` that would have run it rejects with every message as
 * line:column. Later runs of a kernel already known to be broken throw
 * synchronously.
 */
import type { WgslKernel } from '../../../backend';
import type { BindingKind, DeviceContext } from '../device-context';
import type { GpuStorage } from '../storage';
import { bindStorage } from './dispatch';

export interface CustomKernel {
  readonly pipeline: GPUComputePipeline;
  readonly layout: GPUBindGroupLayout;
  readonly check: Promise<string | null>;
  /** undefined while the check is pending, then null (fine) or the error message. */
  outcome: string | null | undefined;
}

function bindingKinds(kernel: WgslKernel): [number, BindingKind][] {
  const kinds: BindingKind[] = [
    ...kernel.inputs.map((): BindingKind => 'read-only-storage'),
    ...kernel.outputs.map((): BindingKind => 'storage'),
    ...(kernel.uniforms ? ['uniform' as const] : []),
  ];
  return kinds.map((kind, binding) => [binding, kind]);
}

function compile(ctx: DeviceContext, kernel: WgslKernel, bindings: [number, BindingKind][]): CustomKernel {
  const { device } = ctx;
  const layout = ctx.layout(bindings);
  device.pushErrorScope('validation');
  const module = device.createShaderModule({ label: `runWgsl ${kernel.label}`, code: kernel.code });
  const compute: GPUProgrammableStage = { module };
  if (kernel.entryPoint) compute.entryPoint = kernel.entryPoint;
  const pipeline = device.createComputePipeline({
    label: `runWgsl ${kernel.label}`,
    layout: device.createPipelineLayout({ label: `runWgsl ${kernel.label}`, bindGroupLayouts: [layout] }),
    compute,
  });
  const validation = device.popErrorScope();
  const check = Promise.all([module.getCompilationInfo(), validation]).then(([info, error]) => {
    const errors = info.messages.filter((m) => m.type === 'error');
    if (errors.length > 0) {
      const lines = errors.map((m) => `  ${m.lineNum}:${m.linePos} error: ${m.message}`);
      return `runWgsl "${kernel.label}": the WGSL does not compile (line:column):\n${lines.join('\n')}`;
    }
    if (error) {
      const expected = bindings.map(([n, kind]) => `@binding(${n}) ${kind === 'uniform' ? 'var<uniform>' : kind === 'storage' ? 'var<storage, read_write>' : 'var<storage, read>'}`);
      return (
        `runWgsl "${kernel.label}": the pipeline could not be created: ${error.message}\n` +
        `  Expected @group(0) bindings: ${expected.join(', ')}` +
        (kernel.entryPoint ? `, and an @compute entry point named "${kernel.entryPoint}".` : ', and one @compute entry point.')
      );
    }
    return null;
  });
  const compiled: CustomKernel = { pipeline, layout, check, outcome: undefined };
  void check.then((outcome) => (compiled.outcome = outcome));
  return compiled;
}

export function runWgsl(
  ctx: DeviceContext,
  kernel: WgslKernel,
  inputs: readonly GpuStorage[],
  outputs: readonly GpuStorage[],
): void {
  const bindings = bindingKinds(kernel);
  const key = `${kernel.entryPoint ?? ''}|${bindings.map(([, k]) => k).join(',')}|${kernel.code}`;
  let compiled = ctx.customKernels.get(key);
  if (!compiled) {
    compiled = compile(ctx, kernel, bindings);
    ctx.customKernels.set(key, compiled);
  }
  if (typeof compiled.outcome === 'string') throw new Error(compiled.outcome);

  const limit = ctx.limits.maxComputeWorkgroupsPerDimension;
  if (kernel.workgroups.some((n) => !Number.isInteger(n) || n < 0 || n > limit)) {
    throw new Error(
      `runWgsl "${kernel.label}": workgroups [${kernel.workgroups.join(', ')}] must be integers in 0..${limit} per dimension; ` +
        'use a larger @workgroup_size or a 2-D grid',
    );
  }
  if (kernel.workgroups.some((n) => n === 0)) return;
  const buffers = [...inputs, ...outputs].map((storage, binding) => bindStorage(ctx, binding, storage));
  ctx.recorder.dispatch({
    label: `runWgsl ${kernel.label}`,
    pipeline: compiled.pipeline,
    layout: compiled.layout,
    buffers,
    ...(kernel.uniforms ? { uniform: { binding: buffers.length, words: kernel.uniforms } } : {}),
    workgroups: kernel.workgroups,
    ...(compiled.outcome === undefined ? { check: compiled.check } : {}),
  });
}
