// Reductions over the middle axis of [outer, R, inner] against a plain-JS
// reference, at R = 1, 17, 63, 65, 257, 1000, 4099 (both kernel strategies:
// one invocation per output below 64, a workgroup tree from 64 up) and
// several outer/inner. Sums: |error| <= 1e-6 * R (float32 accumulation of
// values in [-1, 1]); max/min/arg*: exact. arg*: first index wins on ties.
// Everything runs under both kernel profiles: 'software' (CPU implementations
// of WebGPU) also takes the one-invocation-per-output kernel for long rows
// when there are many of them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReduceOp } from '../../../src/engine/backend';
import type { KernelProfile } from '../../../src/engine/backends/webgpu/device-context';
import type { WebGpuBackend } from '../../../src/engine/backends/webgpu/index';
import { chooseReduceKernel, type ReduceKernel } from '../../../src/engine/backends/webgpu/kernels/reduce';
import { createTestBackend, expectClose, randomFloats, randomInts } from './helpers';

let backend: WebGpuBackend;
let profile: KernelProfile;
const kernelsSeen = new Set<ReduceKernel>();

function referenceReduce(op: ReduceOp, x: ArrayLike<number>, outer: number, r: number, inner: number): number[] {
  const out: number[] = [];
  for (let o = 0; o < outer; o++)
    for (let j = 0; j < inner; j++) {
      let acc = op === 'sum' ? 0 : op === 'max' || op === 'argmax' ? -Infinity : Infinity;
      let best = 0;
      for (let k = 0; k < r; k++) {
        const v = x[(o * r + k) * inner + j]!;
        if (op === 'sum') acc += v;
        else if ((op === 'max' || op === 'argmax') && v > acc) [acc, best] = [v, k];
        else if ((op === 'min' || op === 'argmin') && v < acc) [acc, best] = [v, k];
      }
      out.push(op === 'argmax' || op === 'argmin' ? best : acc);
    }
  return out;
}

const OPS: ReduceOp[] = ['sum', 'max', 'min', 'argmax', 'argmin'];
const LENGTHS = [1, 17, 63, 65, 257, 1000, 4099];
const LAYOUTS: [number, number][] = [
  [3, 1], // reduce the last axis
  [2, 5], // reduce a middle axis
  [1, 1], // a single row
  [150, 1], // many rows: the 'software' profile reduces each in one invocation
];

describe.each(['gpu', 'software'] as const)('reduce (%s kernels)', (kernelProfile) => {
  beforeAll(async () => {
    profile = kernelProfile;
    kernelsSeen.clear();
    backend = await createTestBackend({ kernelProfile });
  });
  afterAll(() => {
    expect(backend.debug.uncapturedErrors()).toEqual([]);
    backend.destroy();
  });

  for (const r of LENGTHS) {
    for (const [outer, inner] of LAYOUTS) {
      it(`R = ${r}, outer ${outer}, inner ${inner}: all ops`, async () => {
        // Values on a coarse grid so max/min have ties at different positions.
        const data = Float32Array.from(randomFloats(outer * r * inner, r * 31 + outer * 7 + inner), (v) => Math.round(v * 8) / 8);
        const x = backend.upload(data);
        kernelsSeen.add(chooseReduceKernel(outer * inner, r, profile));
        for (const op of OPS) {
          const isArg = op === 'argmax' || op === 'argmin';
          const out = backend.alloc(outer * inner, isArg ? 'int32' : 'float32');
          backend.reduce(op, x, outer, r, inner, out);
          const result = await backend.read(out);
          expect(result).toBeInstanceOf(isArg ? Int32Array : Float32Array);
          const tolerance = op === 'sum' ? { abs: 1e-6 * r + 1e-6 } : { abs: 0 };
          expectClose(result, referenceReduce(op, data, outer, r, inner), tolerance, `${op} R=${r} [${outer},${r},${inner}]`);
          backend.free(out);
        }
        backend.free(x);
      });
    }
  }

  it('argmax/argmin keep the first index among equal values, on both strategies', async () => {
    for (const r of [10, 300]) {
      const data = new Float32Array(r).fill(1);
      data[r - 3] = 5; // the last max
      data[4] = 5; // the first max
      data[r - 1] = -5;
      data[7] = -5;
      const x = backend.upload(data);
      const amax = backend.alloc(1, 'int32');
      const amin = backend.alloc(1, 'int32');
      backend.reduce('argmax', x, 1, r, 1, amax);
      backend.reduce('argmin', x, 1, r, 1, amin);
      expect((await backend.read(amax))[0]).toBe(4);
      expect((await backend.read(amin))[0]).toBe(7);
    }
  });

  it('int32 sum/max/min/argmax stay exact integers', async () => {
    const data = randomInts(3 * 500, 77, -100000, 100000);
    data[600] = 2000000000; // large values: float32 would round them
    const x = backend.upload(data);
    for (const op of ['sum', 'max', 'min', 'argmax'] as ReduceOp[]) {
      const out = backend.alloc(3, 'int32');
      backend.reduce(op, x, 3, 500, 1, out);
      const expected = referenceReduce(op, data, 3, 500, 1).map((v) => v | 0);
      expect(Array.from(await backend.read(out)), `int32 ${op}`).toEqual(expected);
    }
  });

  it('used the kernels its profile chooses from, long rows included', () => {
    expect([...kernelsSeen].sort()).toEqual(['reduce_serial', 'reduce_workgroup']);
    // The difference between the profiles: many long rows.
    expect(chooseReduceKernel(4096, 1024, profile)).toBe(profile === 'software' ? 'reduce_serial' : 'reduce_workgroup');
  });

  it('rejects a wrong output dtype', () => {
    const x = backend.alloc(10, 'float32');
    expect(() => backend.reduce('argmax', x, 1, 10, 1, backend.alloc(1, 'float32'))).toThrow(/out must be int32/);
  });
});
