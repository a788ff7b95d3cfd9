/**
 * Launcher for fused softmax / log-softmax (shaders/softmax.wgsl) along the
 * middle axis of [outer, size, inner]: one dispatch instead of five.
 *
 * Strategy as for reductions (kernels/reduce.ts): a workgroup per row for
 * long rows, one invocation per row for short ones, and on the 'software'
 * profile (SwiftShader) one invocation per row whenever there are enough rows
 * to keep the CPU's threads busy.
 */
import type { DeviceContext } from '../device-context';
import type { GpuStorage } from '../storage';
import { chooseReduceKernel } from './reduce';
import { bindStorage, foldedGrid } from './dispatch';
import softmaxWgsl from '../../../../../shaders/softmax.wgsl?raw';

const WORKGROUP_SIZE = 64;

export function softmax(
  ctx: DeviceContext,
  x: GpuStorage,
  outer: number,
  size: number,
  inner: number,
  out: GpuStorage,
  log: boolean,
): void {
  const numRows = outer * inner;
  if (numRows === 0 || size === 0) return;
  const perRowWorkgroup = chooseReduceKernel(numRows, size, ctx.kernelProfile) === 'reduce_workgroup';
  const entry = perRowWorkgroup ? 'softmax_workgroup' : 'softmax_serial';
  const kernel = ctx.kernel('softmax.wgsl', softmaxWgsl, entry, { LOG: log ? 1 : 0, WORKGROUP_SIZE }, [
    [0, 'read-only-storage'],
    [1, 'storage'],
    [2, 'uniform'],
  ]);
  const groups = perRowWorkgroup ? numRows : Math.ceil(numRows / WORKGROUP_SIZE);
  ctx.recorder.dispatch({
    label: `${log ? 'logSoftmax' : 'softmax'} [${outer}, ${size}, ${inner}] (${entry})`,
    ...kernel,
    buffers: [bindStorage(ctx, 0, x), bindStorage(ctx, 1, out)],
    uniform: { binding: 2, words: new Uint32Array([outer, size, inner, numRows]) },
    workgroups: foldedGrid(ctx, groups),
  });
}
