/**
 * Shared helpers for the WebGPU backend tests: a backend on Node's Dawn
 * (SwiftShader here), seeded random data, views, plain-JS strided indexing,
 * and a closeness check that names the first bad element.
 */
import { expect } from 'vitest';
import type { Storage, View } from '../../../src/engine/backend';
import { contiguousStrides } from '../../../src/engine/backend';
import { createWebGpuBackend, type WebGpuBackend, type WebGpuBackendOptions } from '../../../src/engine/backends/webgpu/index';
import { requireNodeGpu } from '../../support/node-gpu';

export async function createTestBackend(options: WebGpuBackendOptions = {}): Promise<WebGpuBackend> {
  const gpu = await requireNodeGpu();
  return createWebGpuBackend({ gpu, label: 'test', ...options });
}

/** mulberry32: small, seeded, good enough for test data. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function randomFloats(n: number, seed: number, low = -1, high = 1): Float32Array {
  const next = rng(seed);
  return Float32Array.from({ length: n }, () => low + (high - low) * next());
}

export function randomInts(n: number, seed: number, low: number, high: number): Int32Array {
  const next = rng(seed);
  return Int32Array.from({ length: n }, () => low + Math.floor((high - low) * next()));
}

export function view(storage: Storage, shape: number[], strides?: number[], offset = 0): View {
  return { storage, shape, strides: strides ?? contiguousStrides(shape), offset };
}

/** Element index of row-major linear index `i` of `shape`, read through strides and offset. */
export function stridedIndex(shape: readonly number[], strides: readonly number[], offset: number, i: number): number {
  let rest = i;
  let index = offset;
  for (let d = shape.length - 1; d >= 0; d--) {
    const extent = shape[d]!;
    index += (rest % extent) * strides[d]!;
    rest = Math.floor(rest / extent);
  }
  return index;
}

/** Gather a view of host data into a contiguous plain array, the reference way. */
export function materialise(data: ArrayLike<number>, v: { shape: number[]; strides: number[]; offset: number }): number[] {
  const n = v.shape.reduce((p, d) => p * d, 1);
  return Array.from({ length: n }, (_, i) => data[stridedIndex(v.shape, v.strides, v.offset, i)]!);
}

export interface Tolerance {
  abs: number;
  rel?: number;
}

/** |actual - expected| <= abs + rel * |expected| everywhere; NaN must match NaN. */
export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: Tolerance, what: string): void {
  expect(actual.length, `${what}: length`).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    if (Number.isNaN(e) && Number.isNaN(a)) continue;
    if (a === e) continue; // covers matching infinities
    const bound = tol.abs + (tol.rel ?? 0) * Math.abs(e);
    if (!(Math.abs(a - e) <= bound)) {
      expect.fail(`${what}: element ${i} is ${a}, expected ${e} (|diff| ${Math.abs(a - e)} > ${bound})`);
    }
  }
}
