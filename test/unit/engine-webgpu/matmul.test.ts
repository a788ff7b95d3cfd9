// Batched strided matmul against a plain-JS float64 reference, across the
// shapes that stress tile edges (1, primes, 31/32/33, 63/65, 257), skinny
// shapes, broadcast batches, transposed and offset operands. Tolerance scales
// with K: |error| <= 2e-6 * K * max|a| * max|b| + 1e-6 (float32 accumulation).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { View } from '../../../src/engine/backend';
import type { KernelProfile } from '../../../src/engine/backends/webgpu/device-context';
import type { WebGpuBackend } from '../../../src/engine/backends/webgpu/index';
import { chooseMatmulKernel, type MatmulKernel } from '../../../src/engine/backends/webgpu/kernels/matmul';
import { createTestBackend, expectClose, randomFloats, view } from './helpers';

let backend: WebGpuBackend;
let profile: KernelProfile;

interface HostView {
  data: Float32Array;
  shape: [number, number, number];
  strides: [number, number, number];
  offset: number;
}

function referenceMatmul(a: HostView, b: HostView): Float64Array {
  const [batch, M, K] = a.shape;
  const N = b.shape[2];
  const out = new Float64Array(batch * M * N);
  for (let t = 0; t < batch; t++)
    for (let m = 0; m < M; m++)
      for (let n = 0; n < N; n++) {
        let sum = 0;
        for (let k = 0; k < K; k++) {
          const ai = a.offset + t * a.strides[0] + m * a.strides[1] + k * a.strides[2];
          const bi = b.offset + t * b.strides[0] + k * b.strides[1] + n * b.strides[2];
          sum += a.data[ai]! * b.data[bi]!;
        }
        out[(t * M + m) * N + n] = sum;
      }
  return out;
}

const kernelsSeen = new Set<MatmulKernel>();

async function check(a: HostView, b: HostView, what: string): Promise<void> {
  const as = backend.upload(a.data);
  const bs = backend.upload(b.data);
  const av: View = view(as, a.shape, a.strides, a.offset);
  const bv: View = view(bs, b.shape, b.strides, b.offset);
  expect(backend.debug.stats().kernelProfile).toBe(profile);
  kernelsSeen.add(chooseMatmulKernel(av, bv, profile));
  const [batch, M, K] = a.shape;
  const N = b.shape[2];
  const out = backend.alloc(batch * M * N, 'float32');
  backend.matmul(av, bv, out);
  const expected = referenceMatmul(a, b);
  expectClose(await backend.read(out), expected, { abs: 2e-6 * K + 1e-6 }, `${what} (${chooseMatmulKernel(av, bv, profile)})`);
  backend.free(as);
  backend.free(bs);
  backend.free(out);
}

function contiguous(batch: number, rows: number, cols: number, seed: number): HostView {
  return {
    data: randomFloats(batch * rows * cols, seed),
    shape: [batch, rows, cols],
    strides: [rows * cols, cols, 1],
    offset: 0,
  };
}

const EXPECTED_KERNELS: Record<KernelProfile, MatmulKernel[]> = {
  gpu: ['dot', 'per_output', 'tiled_strided', 'tiled_vec4'],
  software: ['dot', 'per_output', 'register_strided', 'register_vec4'],
};

describe.each(['gpu', 'software'] as const)('matmul (%s kernels)', (kernelProfile) => {
  beforeAll(async () => {
    profile = kernelProfile;
    kernelsSeen.clear();
    backend = await createTestBackend({ kernelProfile });
  });
  afterAll(() => {
    expect(backend.debug.uncapturedErrors()).toEqual([]);
    backend.destroy();
  });

  const shapes: [number, number, number][] = [
    [1, 1, 1],
    [1, 17, 2],
    [2, 2, 2],
    [17, 31, 33],
    [31, 33, 17],
    [32, 32, 32],
    [33, 32, 64],
    [63, 65, 31],
    [65, 63, 128],
    [128, 128, 128],
    [257, 33, 65],
    [33, 257, 63],
    [64, 68, 100], // vec4 path with edge tiles in N
    [1, 257, 65], // row vector times matrix
    [257, 1, 33], // matrix times column vector
    [1, 3, 1000], // few outputs, long K: workgroup dot products
    [17, 2, 257],
    [2, 2, 4099],
    [64, 8, 9], // 8-row register blocks (M >= 64), odd K
    [67, 12, 20], // 8-row register blocks with a ragged last block
    [100, 9, 31], // 8-row register blocks, N not a multiple of 4
  ];
  for (const [M, N, K] of shapes) {
    it(`[${M}, ${K}] x [${K}, ${N}]`, async () => {
      await check(contiguous(1, M, K, M * 1000 + K), contiguous(1, K, N, N * 1000 + K + 7), `[${M},${K}]x[${K},${N}]`);
    });
  }

  it('batched, with b broadcast over the batch (batch stride 0)', async () => {
    const a = contiguous(3, 33, 65, 11);
    const b = { ...contiguous(1, 65, 17, 12), shape: [3, 65, 17] as [number, number, number], strides: [0, 17, 1] as [number, number, number] };
    await check(a, b, 'batched broadcast b');
    const a2 = { ...contiguous(1, 40, 36, 13), shape: [4, 40, 36] as [number, number, number], strides: [0, 36, 1] as [number, number, number] };
    await check(a2, contiguous(4, 36, 64, 14), 'batched broadcast a (vec4)');
  });

  it('reads transposed operands through their strides', async () => {
    // a^T: storage holds [K, M] row-major; the view [1, M, K] has strides [0, 1, M].
    const [M, N, K] = [45, 70, 37];
    const aT: HostView = { data: randomFloats(K * M, 21), shape: [1, M, K], strides: [0, 1, M], offset: 0 };
    const bT: HostView = { data: randomFloats(N * K, 22), shape: [1, K, N], strides: [0, 1, K], offset: 0 };
    await check(aT, contiguous(1, K, N, 23), 'a transposed');
    await check(contiguous(1, M, K, 24), bT, 'b transposed');
    await check(aT, bT, 'both transposed');
    // Batched transposed (as in attention's q @ k^T): [2, 64, 32] x [2, 32, 64] read from [2, 64, 32].
    const k: HostView = { data: randomFloats(2 * 64 * 32, 25), shape: [2, 32, 64], strides: [2048, 1, 32], offset: 0 };
    await check(contiguous(2, 64, 32, 26), k, 'batched k^T');
  });

  it('honours offsets, aligned (vec4 path) and unaligned (strided path)', async () => {
    const base = contiguous(1, 36, 40, 31);
    const padded = new Float32Array(base.data.length + 8);
    padded.set(base.data, 4);
    await check({ ...base, data: padded, offset: 4 }, contiguous(1, 40, 44, 32), 'offset 4');
    const padded3 = new Float32Array(base.data.length + 8);
    padded3.set(base.data, 3);
    await check({ ...base, data: padded3, offset: 3 }, contiguous(1, 40, 44, 33), 'offset 3');
  });

  it('K = 0 gives zeros', async () => {
    const a = backend.alloc(0, 'float32');
    const b = backend.alloc(0, 'float32');
    const out = backend.alloc(6, 'float32');
    backend.fill(out, 5);
    backend.matmul(view(a, [1, 2, 0]), view(b, [1, 0, 3]), out);
    expect(Array.from(await backend.read(out))).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('batched over more batches than one dispatch may hold', async () => {
    // maxWorkgroupsPerDimension 4 splits a batch of 5 into dispatches of 4 and 1.
    const small = await createTestBackend({ kernelProfile, maxWorkgroupsPerDimension: 4 });
    const previous = backend;
    backend = small;
    try {
      await check(contiguous(5, 12, 16, 41), contiguous(5, 16, 8, 42), 'batch split (vec4)');
      await check(contiguous(5, 12, 15, 43), contiguous(5, 15, 9, 44), 'batch split (strided)');
    } finally {
      backend = previous;
      expect(small.debug.uncapturedErrors()).toEqual([]);
      small.destroy();
    }
  });

  it('covered every kernel path', () => {
    expect([...kernelsSeen].sort()).toEqual(EXPECTED_KERNELS[kernelProfile]);
  });


  it('rejects mismatched and int32 operands with a clear message', () => {
    const a = backend.alloc(6, 'float32');
    const b = backend.alloc(8, 'float32');
    const out = backend.alloc(8, 'float32');
    expect(() => backend.matmul(view(a, [1, 2, 3]), view(b, [1, 4, 2]), out)).toThrow(/inner 3 vs 4/);
    const ai = backend.alloc(6, 'int32');
    expect(() => backend.matmul(view(ai, [1, 2, 3]), view(a, [1, 3, 2]), backend.alloc(4, 'float32'))).toThrow(/float32 only/);
  });
});
