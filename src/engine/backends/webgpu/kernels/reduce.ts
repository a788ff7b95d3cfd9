/**
 * Launcher for reductions (shaders/reduce.wgsl) over the middle axis of
 * [outer, reduceSize, inner].
 *
 * Strategy: a whole workgroup per output (grid-stride partial sums, then a
 * tree through workgroup memory) once the axis is long enough to keep its
 * invocations busy; otherwise one invocation per output, which wins when there
 * are many short rows (a workgroup of 64 would have most invocations idle, and
 * its barriers cost more than a short serial loop).
 *
 * On a CPU implementation of WebGPU (KernelProfile 'software') the tree is
 * used only when there are too few outputs to keep the CPU's threads busy:
 * there the "parallel" invocations of a workgroup run in turn on one thread,
 * so the tree adds barriers (context switches) without adding parallelism,
 * and one invocation per row reads its row sequentially, which suits CPU
 * caches. Measured on SwiftShader, max over the rows of 4096 x 1024: serial
 * about 3x faster than the tree.
 */
import type { ReduceOp } from '../../../backend';
import type { DeviceContext, KernelProfile } from '../device-context';
import type { GpuStorage } from '../storage';
import { bindStorage, foldedGrid } from './dispatch';
import reduceWgsl from '../../../../../shaders/reduce.wgsl?raw';

const REDUCE_OPS: readonly ReduceOp[] = ['sum', 'max', 'min', 'argmax', 'argmin'];
const WORKGROUP_SIZE = 64;
/** Axes at least this long get a workgroup per output. */
const WORKGROUP_PER_OUTPUT_MIN_LENGTH = 64;
/** On the 'software' profile, this many outputs keep every CPU thread busy with one invocation each. */
const SOFTWARE_SERIAL_MIN_OUTPUTS = 128;

export type ReduceKernel = 'reduce_workgroup' | 'reduce_serial';

/** Which kernel a reduction gets (exported so tests can make sure each path is exercised). */
export function chooseReduceKernel(numOutputs: number, reduceSize: number, profile: KernelProfile = 'gpu'): ReduceKernel {
  if (reduceSize < WORKGROUP_PER_OUTPUT_MIN_LENGTH) return 'reduce_serial';
  if (profile === 'software' && numOutputs >= SOFTWARE_SERIAL_MIN_OUTPUTS) return 'reduce_serial';
  return 'reduce_workgroup';
}

export function reduce(
  ctx: DeviceContext,
  op: ReduceOp,
  x: GpuStorage,
  outer: number,
  reduceSize: number,
  inner: number,
  out: GpuStorage,
): void {
  const numOutputs = outer * inner;
  if (numOutputs === 0) return;
  const entry = chooseReduceKernel(numOutputs, reduceSize, ctx.kernelProfile);
  const perOutputWorkgroup = entry === 'reduce_workgroup';
  const kernel = ctx.kernel(
    'reduce.wgsl',
    reduceWgsl,
    entry,
    { OP: REDUCE_OPS.indexOf(op), X_INT: x.dtype === 'int32' ? 1 : 0, WORKGROUP_SIZE },
    [
      [0, 'read-only-storage'],
      [1, 'storage'],
      [2, 'uniform'],
    ],
  );
  const groups = perOutputWorkgroup ? numOutputs : Math.ceil(numOutputs / WORKGROUP_SIZE);
  ctx.recorder.dispatch({
    label: `reduce ${op} [${outer}, ${reduceSize}, ${inner}] (${entry})`,
    ...kernel,
    buffers: [bindStorage(ctx, 0, x), bindStorage(ctx, 1, out)],
    uniform: { binding: 2, words: new Uint32Array([outer, reduceSize, inner, numOutputs]) },
    workgroups: foldedGrid(ctx, groups),
  });
}
