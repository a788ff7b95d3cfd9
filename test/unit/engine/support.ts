/**
 * Shared helpers for the engine tests:
 * - `backends`: the engines every suite runs against (`ENGINE_BACKENDS=cpu`
 *   restricts to the CPU while iterating; the default is both);
 * - a tiny float64 N-d array reference (`Ref`), written independently of the
 *   engine, that op results are compared with;
 * - seeded inputs, tolerance checks and central finite differences.
 */
import { expect } from 'vitest';
import { createEngine, type Engine, type Tensor } from '../../../src/engine';
import { requireNodeGpu } from '../../support/node-gpu';

export interface BackendCase {
  name: 'cpu' | 'webgpu';
  create: () => Promise<Engine>;
}

const allBackends: BackendCase[] = [
  { name: 'cpu', create: () => createEngine({ backend: 'cpu' }) },
  { name: 'webgpu', create: async () => createEngine({ backend: 'webgpu', gpu: await requireNodeGpu() }) },
];

const selected = process.env.ENGINE_BACKENDS?.split(',').map((name) => name.trim());
export const backends: BackendCase[] = selected ? allBackends.filter((b) => selected.includes(b.name)) : allBackends;

/** Sizes the brief asks every op to be checked at: tiny, around and off multiples of 32. */
export const SIZES = [1, 17, 63, 65, 257] as const;

// ------------------------------------------------------------ seeded inputs

/** mulberry32: a small seeded generator, independent of the engine's own. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** float32 values uniform in [low, high). */
export function randomFloats(count: number, seed: number, low = -2, high = 2): Float32Array {
  const next = seededRandom(seed);
  return Float32Array.from({ length: count }, () => low + (high - low) * next());
}

export function randomInts(count: number, seed: number, low: number, high: number): Int32Array {
  const next = seededRandom(seed);
  return Int32Array.from({ length: count }, () => low + Math.floor((high - low) * next()));
}

// ------------------------------------------------------------ float64 reference

/** A float64 N-d array in row-major order. */
export interface Ref {
  shape: number[];
  data: Float64Array;
}

export const sizeOf = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

export function ref(shape: readonly number[], data: ArrayLike<number>): Ref {
  expect(data.length).toBe(sizeOf(shape));
  return { shape: [...shape], data: Float64Array.from(data) };
}

function stridesOf(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length).fill(1);
  for (let i = shape.length - 2; i >= 0; i--) strides[i] = strides[i + 1]! * shape[i + 1]!;
  return strides;
}

/** Multi-index of flat position i. */
function unravel(i: number, shape: readonly number[]): number[] {
  const index = new Array<number>(shape.length);
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    index[axis] = i % shape[axis]!;
    i = Math.floor(i / shape[axis]!);
  }
  return index;
}

export function refBroadcastShape(a: readonly number[], b: readonly number[]): number[] {
  const rank = Math.max(a.length, b.length);
  return Array.from({ length: rank }, (_, i) => {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) throw new Error(`reference: cannot broadcast ${a} and ${b}`);
    return da === 1 ? db : da;
  });
}

/** Read `x` at the multi-index `index` of a shape it broadcasts to. */
function broadcastRead(x: Ref, index: readonly number[]): number {
  const lead = index.length - x.shape.length;
  const strides = stridesOf(x.shape);
  let offset = 0;
  x.shape.forEach((dim, axis) => (offset += (dim === 1 ? 0 : index[axis + lead]!) * strides[axis]!));
  return x.data[offset]!;
}

export function refBroadcast(x: Ref, shape: readonly number[]): Ref {
  const out = new Float64Array(sizeOf(shape));
  for (let i = 0; i < out.length; i++) out[i] = broadcastRead(x, unravel(i, shape));
  return { shape: [...shape], data: out };
}

export function refMap(x: Ref, f: (v: number) => number): Ref {
  return { shape: [...x.shape], data: x.data.map(f) };
}

export function refZip(a: Ref, b: Ref, f: (x: number, y: number) => number): Ref {
  const shape = refBroadcastShape(a.shape, b.shape);
  const out = new Float64Array(sizeOf(shape));
  for (let i = 0; i < out.length; i++) {
    const index = unravel(i, shape);
    out[i] = f(broadcastRead(a, index), broadcastRead(b, index));
  }
  return { shape, data: out };
}

export function refScalar(v: number): Ref {
  return { shape: [], data: Float64Array.of(v) };
}

/** Reduce `axes` (normalised, any order) with `combine` over the values of each output element. */
export function refReduce(x: Ref, axes: readonly number[], keepdims: boolean, combine: (values: number[]) => number): Ref {
  const keptShape = x.shape.map((dim, axis) => (axes.includes(axis) ? 1 : dim));
  const groups = Array.from({ length: sizeOf(keptShape) }, () => [] as number[]);
  const keptStrides = stridesOf(keptShape);
  for (let i = 0; i < x.data.length; i++) {
    const index = unravel(i, x.shape);
    let group = 0;
    index.forEach((v, axis) => (group += (axes.includes(axis) ? 0 : v) * keptStrides[axis]!));
    groups[group]!.push(x.data[i]!);
  }
  const shape = keepdims ? keptShape : x.shape.filter((_, axis) => !axes.includes(axis));
  return { shape, data: Float64Array.from(groups, combine) };
}

export const sumOf = (values: number[]): number => values.reduce((a, b) => a + b, 0);
export const meanOf = (values: number[]): number => sumOf(values) / values.length;
export const varianceOf = (values: number[]): number => {
  const m = meanOf(values);
  return meanOf(values.map((v) => (v - m) ** 2));
};

export function refPermute(x: Ref, perm: readonly number[]): Ref {
  const shape = perm.map((axis) => x.shape[axis]!);
  const strides = stridesOf(x.shape);
  const out = new Float64Array(x.data.length);
  for (let i = 0; i < out.length; i++) {
    const index = unravel(i, shape);
    let offset = 0;
    perm.forEach((axis, k) => (offset += index[k]! * strides[axis]!));
    out[i] = x.data[offset]!;
  }
  return { shape, data: out };
}

export function refSlice(x: Ref, begin: readonly number[], size: readonly number[]): Ref {
  const strides = stridesOf(x.shape);
  const out = new Float64Array(sizeOf(size));
  for (let i = 0; i < out.length; i++) {
    const index = unravel(i, size);
    let offset = 0;
    index.forEach((v, axis) => (offset += (v + begin[axis]!) * strides[axis]!));
    out[i] = x.data[offset]!;
  }
  return { shape: [...size], data: out };
}

export function refConcat(parts: readonly Ref[], axis: number): Ref {
  const shape = [...parts[0]!.shape];
  shape[axis] = parts.reduce((n, p) => n + p.shape[axis]!, 0);
  const out = new Float64Array(sizeOf(shape));
  for (let i = 0; i < out.length; i++) {
    const index = unravel(i, shape);
    let along = index[axis]!;
    let part = 0;
    while (along >= parts[part]!.shape[axis]!) along -= parts[part++]!.shape[axis]!;
    const source = parts[part]!;
    const sourceIndex = [...index];
    sourceIndex[axis] = along;
    let offset = 0;
    const strides = stridesOf(source.shape);
    sourceIndex.forEach((v, a) => (offset += v * strides[a]!));
    out[i] = source.data[offset]!;
  }
  return { shape, data: out };
}

/** Batched matmul with NumPy batch broadcasting, operands rank >= 2. */
export function refMatmul(a: Ref, b: Ref): Ref {
  const [M, K] = a.shape.slice(-2) as [number, number];
  const N = b.shape[b.shape.length - 1]!;
  const batchShape = refBroadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2));
  const batchA = refBroadcast(a, [...batchShape, M, K]);
  const batchB = refBroadcast(b, [...batchShape, K, N]);
  const batches = sizeOf(batchShape);
  const out = new Float64Array(batches * M * N);
  for (let t = 0; t < batches; t++) {
    for (let m = 0; m < M; m++) {
      for (let n = 0; n < N; n++) {
        let acc = 0;
        for (let k = 0; k < K; k++) acc += batchA.data[(t * M + m) * K + k]! * batchB.data[(t * K + k) * N + n]!;
        out[(t * M + m) * N + n] = acc;
      }
    }
  }
  return { shape: [...batchShape, M, N], data: out };
}

/** Softmax over the last axis of a [rows, cols] reference. */
export function refSoftmaxRows(x: Ref, log = false): Ref {
  const cols = x.shape[x.shape.length - 1]!;
  const out = new Float64Array(x.data.length);
  for (let r = 0; r < x.data.length / cols; r++) {
    const row = Array.from(x.data.subarray(r * cols, (r + 1) * cols));
    const m = Math.max(...row);
    const lse = Math.log(sumOf(row.map((v) => Math.exp(v - m)))) + m;
    row.forEach((v, c) => (out[r * cols + c] = log ? v - lse : Math.exp(v - lse)));
  }
  return { shape: [...x.shape], data: out };
}

// ------------------------------------------------------------ checks

export interface Tolerance {
  atol: number;
  rtol?: number;
}

/** Elementwise |actual - expected| <= atol + rtol*|expected|; NaN must match NaN; reports the first mismatch. */
export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, { atol, rtol = 0 }: Tolerance, label = ''): void {
  expect(actual.length, `${label} length`).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    if (Number.isNaN(e) || Number.isNaN(a)) {
      if (Number.isNaN(e) !== Number.isNaN(a)) expect.fail(`${label} element ${i}: got ${a}, expected ${e}`);
      continue;
    }
    if (a === e) continue;
    const error = Math.abs(a - e);
    if (!(error <= atol + rtol * Math.abs(e))) {
      expect.fail(`${label} element ${i}: got ${a}, expected ${e} (error ${error.toExponential(2)} > ${atol} + ${rtol}*|expected|)`);
    }
  }
}

/** Compare a tensor with a reference: shape exactly, values within tolerance. */
export async function expectTensor(t: Tensor, expected: Ref, tolerance: Tolerance, label = ''): Promise<void> {
  expect(t.shape, `${label} shape`).toEqual(expected.shape);
  expectClose(await t.data(), expected.data, tolerance, label);
}

/**
 * Central finite differences of a scalar float64 function: d f / d inputs[k][i]
 * for every element, with step h scaled to the element's magnitude.
 */
export function numericGradients(f: (inputs: Ref[]) => number, inputs: readonly Ref[], h = 1e-5): Float64Array[] {
  return inputs.map((input, k) =>
    Float64Array.from(input.data, (value, i) => {
      const step = h * Math.max(1, Math.abs(value));
      const probe = (v: number) => {
        const copies = inputs.map((r) => ({ shape: r.shape, data: r.data.slice() }));
        copies[k]!.data[i] = v;
        return f(copies);
      };
      return (probe(value + step) - probe(value - step)) / (2 * step);
    }),
  );
}

/** Weighted sum: turns any reference output into a scalar loss with a non-trivial gradient. */
export function refDot(x: Ref, weights: Ref): number {
  let total = 0;
  for (let i = 0; i < x.data.length; i++) total += x.data[i]! * weights.data[i]!;
  return total;
}

// ------------------------------------------------------------ a small MLP

export interface Mlp {
  params: Tensor[];
  /** Logits for a [N, in] batch: tanh hidden layers, linear output. */
  forward(x: Tensor): Tensor;
}

/** Fully connected layers of the given widths, He-scaled seeded weights, zero biases; all params require grad. */
export function createMlp(engine: Engine, widths: readonly number[], seed: number): Mlp {
  const layers = widths.slice(1).map((fanOut, i) => {
    const fanIn = widths[i]!;
    const weight = engine.randn([fanIn, fanOut], { seed: seed + i, std: Math.sqrt(2 / fanIn) });
    const bias = engine.zeros([fanOut]);
    weight.requiresGrad = true;
    bias.requiresGrad = true;
    return { weight, bias };
  });
  return {
    params: layers.flatMap(({ weight, bias }) => [weight, bias]),
    forward(x) {
      let h = x;
      layers.forEach(({ weight, bias }, i) => {
        h = h.matmul(weight).add(bias);
        if (i < layers.length - 1) h = h.tanh();
      });
      return h;
    },
  };
}
