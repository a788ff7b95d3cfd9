/**
 * Helpers shared by the kernel launchers: binding a storage to a dispatch and
 * sizing 1-D grids within WebGPU's per-dimension workgroup limit.
 */
import type { DeviceContext } from '../device-context';
import type { GpuStorage } from '../storage';

export interface BufferBinding {
  binding: number;
  buffer: GPUBuffer;
  size: number;
}

/** Bind `storage` at `binding` and remember that the open batch uses its buffer. */
export function bindStorage(ctx: DeviceContext, binding: number, storage: GpuStorage): BufferBinding {
  if (!storage.buffer) throw new Error(`internal: ${storage.describe()} has no GPU buffer yet`);
  storage.lastUse = ctx.recorder.serial;
  return { binding, buffer: storage.buffer, size: storage.bindingSize };
}

/**
 * Grid for `groups` workgroups. WebGPU allows at most
 * maxComputeWorkgroupsPerDimension (65535 by default) along each axis, so a
 * large 1-D grid is folded into x * y >= groups; kernels rebuild the linear
 * workgroup index as wid.y * num_workgroups.x + wid.x and skip the spare ones.
 */
export function foldedGrid(ctx: DeviceContext, groups: number): [number, number, number] {
  const limit = ctx.workgroupLimit;
  if (groups <= limit) return [Math.max(groups, 1), 1, 1];
  const y = Math.ceil(groups / limit);
  if (y > limit) {
    throw new Error(`dispatch: ${groups} workgroups exceed ${limit} x ${limit}; split the tensor`);
  }
  return [Math.ceil(groups / y), y, 1];
}

export function floatBits(value: number): number {
  return new Uint32Array(new Float32Array([value]).buffer)[0]!;
}
