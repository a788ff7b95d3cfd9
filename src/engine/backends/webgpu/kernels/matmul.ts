/**
 * Launcher for batched matmul: picks a kernel by shape and by the device's
 * KernelProfile (device-context.ts).
 *
 * - Tiled (shaders/matmul-tiled.wgsl), on real GPUs for everything big enough
 *   to fill 32 x 32 output tiles: workgroup-memory slabs + 4 x 4 register
 *   blocks. Its vec4 entry point is used when both operands are row-major
 *   along their last axis with 16-byte-aligned rows; any other strides (a
 *   transposed operand, a slice, a broadcast batch) go through the strided
 *   entry point, which reads the view in place instead of materialising a
 *   copy first.
 * - Register (shaders/matmul-register.wgsl), for the same shapes on a CPU
 *   implementation of WebGPU (SwiftShader): 8 x 4 (or 4 x 4) register blocks
 *   read straight from the buffers, no workgroup memory, no barriers. Why not
 *   tiled there: workgroup memory is ordinary RAM on a CPU, so the slabs are
 *   pure copying, and each barrier is a switch between invocations. Measured
 *   on SwiftShader at 512^3 (CPU time, loaded 2-core machine): register 8 x 4
 *   ~0.9 GFLOP per CPU-second, tiled ~0.3, and the tiled pipeline took 3-10 s
 *   to compile against ~0.2 s. Same vec4 / strided split as tiled.
 * - Dot (shaders/matmul-small.wgsl, matmul_dot): few outputs with a long K;
 *   a workgroup shares each dot product.
 * - Per-output (matmul_per_output): small or skinny shapes (M or N below a
 *   tile's 4-row block), where a tile would be mostly padding.
 */
import type { View } from '../../../backend';
import type { DeviceContext, KernelProfile } from '../device-context';
import type { GpuStorage } from '../storage';
import { bindStorage, foldedGrid } from './dispatch';
import tiledWgsl from '../../../../../shaders/matmul-tiled.wgsl?raw';
import smallWgsl from '../../../../../shaders/matmul-small.wgsl?raw';
import registerWgsl from '../../../../../shaders/matmul-register.wgsl?raw';

const TILE = 32;
/** Invocations per workgroup along x (column quads) and y (row blocks) in matmul-register.wgsl. */
const REGISTER_GROUP = 8;
const BINDINGS = [
  [0, 'read-only-storage'],
  [1, 'read-only-storage'],
  [2, 'storage'],
  [3, 'uniform'],
] as const;

export type MatmulKernel = 'tiled_vec4' | 'tiled_strided' | 'register_vec4' | 'register_strided' | 'dot' | 'per_output';

/** Which kernel a shape gets on a device of `profile` (exported so tests can make sure each path is exercised). */
export function chooseMatmulKernel(a: View, b: View, profile: KernelProfile = 'gpu'): MatmulKernel {
  const [batch, M, K] = a.shape as [number, number, number];
  const N = b.shape[2]!;
  const outputs = batch * M * N;
  if (outputs <= 1024 && K >= 256) return 'dot';
  if (M < 8 || N < 8 || outputs * K <= 16 * 16 * 16) return 'per_output';
  const aligned = vec4Aligned(a, K) && vec4Aligned(b, N);
  if (profile === 'software') return aligned ? 'register_vec4' : 'register_strided';
  return aligned ? 'tiled_vec4' : 'tiled_strided';
}

/** Rows per invocation in matmul-register.wgsl: 8 reuses each b quad twice as often, 4 pads less when M is small. */
export function registerRows(M: number): 4 | 8 {
  return M >= 64 ? 8 : 4;
}

/** Rows are contiguous along the last axis and every row starts on a 16-byte boundary. */
function vec4Aligned(v: View, lastExtent: number): boolean {
  const [batchStride, rowStride, colStride] = v.strides as [number, number, number];
  return colStride === 1 && lastExtent % 4 === 0 && v.offset % 4 === 0 && batchStride % 4 === 0 && rowStride % 4 === 0;
}

function paramsWords(a: View, b: View, batchStart: number, batchCount: number): Uint32Array {
  const [, M, K] = a.shape as [number, number, number];
  const N = b.shape[2]!;
  const words = new Uint32Array(16);
  const signed = new Int32Array(words.buffer);
  words.set([M, N, K, batchStart]);
  signed.set([a.offset, a.strides[0]!, a.strides[1]!, a.strides[2]!], 4);
  signed.set([b.offset, b.strides[0]!, b.strides[1]!, b.strides[2]!], 8);
  words[12] = batchCount;
  return words;
}

export function matmul(
  ctx: DeviceContext,
  a: View,
  aStorage: GpuStorage,
  b: View,
  bStorage: GpuStorage,
  out: GpuStorage,
): MatmulKernel | null {
  const [batch, M, K] = a.shape as [number, number, number];
  const N = b.shape[2]!;
  if (batch * M * N === 0) return null;
  if (K === 0) {
    // An empty sum: the kernels would write 0 too, but a fill says it plainly.
    return null;
  }
  const choice = chooseMatmulKernel(a, b, ctx.kernelProfile);
  const label = `matmul [${batch}, ${M}, ${K}] x [${batch}, ${K}, ${N}] (${choice})`;
  const buffers = () => [bindStorage(ctx, 0, aStorage), bindStorage(ctx, 1, bStorage), bindStorage(ctx, 2, out)];

  if (choice === 'tiled_vec4' || choice === 'tiled_strided') {
    const kernel = ctx.kernel('matmul-tiled.wgsl', tiledWgsl, `matmul_${choice}`, {}, BINDINGS);
    const tilesX = Math.ceil(N / TILE);
    const tilesY = Math.ceil(M / TILE);
    const limit = ctx.workgroupLimit;
    if (tilesX > limit || tilesY > limit) {
      throw new Error(`${label}: needs ${tilesY} x ${tilesX} tiles, over the GPU's ${limit} per dimension; split the matrix`);
    }
    // The batch rides on the grid's z axis, in chunks within the per-dimension limit.
    for (let batchStart = 0; batchStart < batch; batchStart += limit) {
      const count = Math.min(limit, batch - batchStart);
      ctx.recorder.dispatch({
        label,
        ...kernel,
        buffers: buffers(),
        uniform: { binding: 3, words: paramsWords(a, b, batchStart, count) },
        workgroups: [tilesX, tilesY, count],
      });
    }
    return choice;
  }

  if (choice === 'register_vec4' || choice === 'register_strided') {
    const rows = registerRows(M);
    const kernel = ctx.kernel('matmul-register.wgsl', registerWgsl, `matmul_${choice}`, { ROWS: rows }, BINDINGS);
    const groupsX = Math.ceil(N / 4 / REGISTER_GROUP);
    const groupsY = Math.ceil(M / rows / REGISTER_GROUP);
    const limit = ctx.workgroupLimit;
    if (groupsX > limit || groupsY > limit) {
      throw new Error(`${label}: needs ${groupsY} x ${groupsX} workgroups, over the GPU's ${limit} per dimension; split the matrix`);
    }
    for (let batchStart = 0; batchStart < batch; batchStart += limit) {
      const count = Math.min(limit, batch - batchStart);
      ctx.recorder.dispatch({
        label,
        ...kernel,
        buffers: buffers(),
        uniform: { binding: 3, words: paramsWords(a, b, batchStart, count) },
        workgroups: [groupsX, groupsY, count],
      });
    }
    return choice;
  }

  const entry = choice === 'dot' ? 'matmul_dot' : 'matmul_per_output';
  const kernel = ctx.kernel('matmul-small.wgsl', smallWgsl, entry, {}, BINDINGS);
  const outputs = batch * M * N;
  ctx.recorder.dispatch({
    label,
    ...kernel,
    buffers: buffers(),
    uniform: { binding: 3, words: paramsWords(a, b, 0, batch) },
    workgroups: foldedGrid(ctx, choice === 'dot' ? outputs : Math.ceil(outputs / 64)),
  });
  return choice;
}
