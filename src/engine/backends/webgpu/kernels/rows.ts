/**
 * Launchers for row gathers and their backward (shaders/gather-rows.wgsl,
 * shaders/scatter-add-rows.wgsl): embedding lookups and their gradients.
 */
import type { DeviceContext } from '../device-context';
import type { GpuStorage } from '../storage';
import { bindStorage, foldedGrid } from './dispatch';
import gatherWgsl from '../../../../../shaders/gather-rows.wgsl?raw';
import scatterWgsl from '../../../../../shaders/scatter-add-rows.wgsl?raw';

const BINDINGS = [
  [0, 'read-only-storage'],
  [1, 'read-only-storage'],
  [2, 'storage'],
  [3, 'uniform'],
] as const;

export function gatherRows(
  ctx: DeviceContext,
  table: GpuStorage,
  rows: number,
  cols: number,
  indices: GpuStorage,
  out: GpuStorage,
): void {
  const count = indices.size;
  if (count * cols === 0) return;
  const kernel = ctx.kernel('gather-rows.wgsl', gatherWgsl, 'main', {}, BINDINGS);
  ctx.recorder.dispatch({
    label: `gatherRows ${count} of [${rows}, ${cols}]`,
    ...kernel,
    buffers: [bindStorage(ctx, 0, table), bindStorage(ctx, 1, indices), bindStorage(ctx, 2, out)],
    uniform: { binding: 3, words: new Uint32Array([rows, cols, count, 0]) },
    workgroups: foldedGrid(ctx, Math.ceil((count * cols) / 256)),
  });
}

export function scatterAddRows(
  ctx: DeviceContext,
  src: GpuStorage,
  indices: GpuStorage,
  rows: number,
  cols: number,
  out: GpuStorage,
): void {
  const count = indices.size;
  if (rows * cols === 0) return;
  const kernel = ctx.kernel('scatter-add-rows.wgsl', scatterWgsl, 'main', {}, BINDINGS);
  ctx.recorder.dispatch({
    label: `scatterAddRows ${count} into [${rows}, ${cols}]`,
    ...kernel,
    buffers: [bindStorage(ctx, 0, src), bindStorage(ctx, 1, indices), bindStorage(ctx, 2, out)],
    uniform: { binding: 3, words: new Uint32Array([rows, cols, count, 0]) },
    workgroups: foldedGrid(ctx, Math.ceil((rows * cols) / 64)),
  });
}
