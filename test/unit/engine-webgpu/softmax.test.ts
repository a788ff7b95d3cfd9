// Fused softmax / log-softmax (shaders/softmax.wgsl) along the middle axis of
// [outer, size, inner] against a float64 reference, at sizes 1, 17, 63, 65,
// 257, 1000 (one invocation per row below 64, a workgroup per row from 64 up)
// and several layouts, under both kernel profiles. Rows of huge logits
// (±1000 + noise) must come out finite: that is the max subtraction.
// Tolerance: softmax 2e-6 absolute + 1e-5 relative, log-softmax 1e-5 * (1 + |x|)
// (f32 exp/log and a size-long f32 sum).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KernelProfile } from '../../../src/engine/backends/webgpu/device-context';
import type { WebGpuBackend } from '../../../src/engine/backends/webgpu/index';
import { chooseReduceKernel, type ReduceKernel } from '../../../src/engine/backends/webgpu/kernels/reduce';
import { createTestBackend, expectClose, randomFloats } from './helpers';

let backend: WebGpuBackend;
let profile: KernelProfile;
const kernelsSeen = new Set<ReduceKernel>();

function referenceSoftmax(x: ArrayLike<number>, outer: number, size: number, inner: number, log: boolean): number[] {
  const out = new Array<number>(x.length);
  for (let o = 0; o < outer; o++)
    for (let i = 0; i < inner; i++) {
      const at = (r: number) => (o * size + r) * inner + i;
      let m = -Infinity;
      for (let r = 0; r < size; r++) m = Math.max(m, x[at(r)]!);
      let s = 0;
      for (let r = 0; r < size; r++) s += Math.exp(x[at(r)]! - m);
      for (let r = 0; r < size; r++) out[at(r)] = log ? x[at(r)]! - m - Math.log(s) : Math.exp(x[at(r)]! - m) / s;
    }
  return out;
}

const SIZES = [1, 17, 63, 65, 257, 1000];
const LAYOUTS: [number, number][] = [
  [3, 1], // the last axis
  [2, 5], // a middle axis
  [150, 1], // many rows: the 'software' profile gives each row one invocation
];

async function run(x: Float32Array, outer: number, size: number, inner: number, log: boolean): Promise<Float32Array> {
  const xs = backend.upload(x);
  const out = backend.alloc(x.length, 'float32');
  backend.softmax(xs, outer, size, inner, out, log);
  const result = (await backend.read(out)) as Float32Array;
  backend.free(xs);
  backend.free(out);
  return result;
}

describe.each(['gpu', 'software'] as const)('fused softmax (%s kernels)', (kernelProfile) => {
  beforeAll(async () => {
    profile = kernelProfile;
    kernelsSeen.clear();
    backend = await createTestBackend({ kernelProfile });
  });
  afterAll(() => {
    expect(backend.debug.uncapturedErrors()).toEqual([]);
    backend.destroy();
  });

  for (const size of SIZES) {
    for (const [outer, inner] of LAYOUTS) {
      it(`size ${size}, outer ${outer}, inner ${inner}`, async () => {
        const x = randomFloats(outer * size * inner, size * 31 + outer + inner, -8, 8);
        kernelsSeen.add(chooseReduceKernel(outer * inner, size, profile));
        for (const log of [false, true]) {
          const got = await run(x, outer, size, inner, log);
          const want = referenceSoftmax(x, outer, size, inner, log);
          expectClose(got, want, log ? { abs: 1e-4, rel: 1e-5 } : { abs: 2e-6, rel: 1e-5 }, `${log ? 'logSoftmax' : 'softmax'}`);
        }
      });
    }
  }

  it('rows of ±1000 logits stay finite and match the reference', async () => {
    const size = 70;
    const noise = randomFloats(2 * size, 7, -3, 3);
    const x = Float32Array.from(noise, (v, i) => (i < size ? 1000 : -1000) + v);
    const got = await run(x, 2, size, 1, false);
    expect(got.every(Number.isFinite)).toBe(true);
    expectClose(got, referenceSoftmax(x, 2, size, 1, false), { abs: 2e-6, rel: 1e-5 }, 'softmax of ±1000');
    const gotLog = await run(x, 2, size, 1, true);
    expectClose(gotLog, referenceSoftmax(x, 2, size, 1, true), { abs: 1e-4, rel: 1e-5 }, 'logSoftmax of ±1000');
  });

  it('used both kernels', () => {
    expect([...kernelsSeen].sort()).toEqual(['reduce_serial', 'reduce_workgroup']);
  });
});
