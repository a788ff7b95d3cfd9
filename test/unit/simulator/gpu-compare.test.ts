/**
 * The simulator against real WebGPU (Dawn on SwiftShader): the same kernels
 * with the same inputs must produce the same buffers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireNodeGpu } from '../../support/node-gpu';
import { simulate } from '../../../src/simulator/index';
import type { TypedArray } from '../../../src/simulator/index';

interface GpuBinding {
  binding: number;
  data: TypedArray;
  uniform?: boolean;
}

let device: GPUDevice;

beforeAll(async () => {
  const gpu = await requireNodeGpu();
  const adapter = await gpu.requestAdapter();
  if (!adapter) throw new Error('No WebGPU adapter (requireNodeGpu found one a moment ago)');
  device = await adapter.requestDevice({ label: 'simulator comparison device' });
});

afterAll(() => {
  device?.destroy();
});

/** Runs `code` on the GPU and returns every binding's final contents (same typed-array classes). */
async function runOnGpu(code: string, bindings: GpuBinding[], workgroups: [number, number, number]): Promise<TypedArray[]> {
  const module = device.createShaderModule({ label: 'comparison kernel', code });
  const info = await module.getCompilationInfo();
  const errors = info.messages.filter((m) => m.type === 'error');
  if (errors.length) throw new Error(`WGSL error on the GPU: ${errors.map((m) => `${m.lineNum}:${m.linePos} ${m.message}`).join('; ')}`);
  const pipeline = device.createComputePipeline({ label: 'comparison pipeline', layout: 'auto', compute: { module, entryPoint: 'main' } });
  const buffers = bindings.map((b) => {
    const buffer = device.createBuffer({
      label: `binding ${b.binding}`,
      size: Math.max(16, b.data.byteLength),
      usage: (b.uniform ? GPUBufferUsage.UNIFORM : GPUBufferUsage.STORAGE) | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST,
    });
    device.queue.writeBuffer(buffer, 0, new Uint8Array(b.data.buffer, b.data.byteOffset, b.data.byteLength).slice());
    return buffer;
  });
  const bindGroup = device.createBindGroup({
    label: 'comparison bind group',
    layout: pipeline.getBindGroupLayout(0),
    entries: bindings.map((b, i) => ({ binding: b.binding, resource: { buffer: buffers[i] as GPUBuffer, size: b.data.byteLength } })),
  });
  const readbacks = bindings.map((b) => device.createBuffer({ label: `readback ${b.binding}`, size: b.data.byteLength, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST }));
  const encoder = device.createCommandEncoder({ label: 'comparison encoder' });
  const pass = encoder.beginComputePass({ label: 'comparison pass' });
  pass.setPipeline(pipeline);
  pass.setBindGroup(0, bindGroup);
  pass.dispatchWorkgroups(...workgroups);
  pass.end();
  bindings.forEach((b, i) => encoder.copyBufferToBuffer(buffers[i] as GPUBuffer, 0, readbacks[i] as GPUBuffer, 0, b.data.byteLength));
  device.queue.submit([encoder.finish()]);
  const results = await Promise.all(
    readbacks.map(async (rb, i) => {
      await rb.mapAsync(GPUMapMode.READ);
      const like = bindings[i]?.data as TypedArray;
      const out = new (like.constructor as { new (b: ArrayBuffer): TypedArray })(rb.getMappedRange().slice(0));
      rb.unmap();
      rb.destroy();
      return out;
    }),
  );
  for (const b of buffers) b.destroy();
  return results;
}

function runOnSimulator(code: string, bindings: GpuBinding[], workgroups: [number, number, number], names: string[]): TypedArray[] {
  const result = simulate({ code, workgroups, bindings: bindings.map((b) => ({ group: 0, binding: b.binding, data: b.data })) });
  expect(result.errors, JSON.stringify(result.errors)).toEqual([]);
  return names.map((n) => result.buffers.get(n) as TypedArray);
}

describe('simulator matches WebGPU', () => {
  it('on a map kernel with f32 + - * and integer arithmetic, bit for bit', async () => {
    const code = `
      @group(0) @binding(0) var<storage, read> x: array<f32>;
      @group(0) @binding(1) var<storage, read_write> y: array<f32>;
      @group(0) @binding(2) var<storage, read_write> bits: array<u32>;
      @compute @workgroup_size(64) fn main(@builtin(global_invocation_id) id: vec3u) {
        let i = id.x;
        if (i >= arrayLength(&x)) { return; }
        let v = x[i];
        let w = v * 1.5;
        y[i] = (w + 0.1) * v - abs(v) + max(v, 0.0) * f32(i32(v)) - floor(v) * 0.25;
        bits[i] = (u32(i32(v * 1000.0)) * 2654435761u) ^ (i << 7u) ^ (i >> 3u) ^ bitcast<u32>(v);
      }`;
    const n = 200;
    const x = Float32Array.from({ length: n }, (_, i) => Math.fround(Math.sin(i * 12.9898) * 43758.5453) % 97);
    const bindings = (): GpuBinding[] => [
      { binding: 0, data: x },
      { binding: 1, data: new Float32Array(n) },
      { binding: 2, data: new Uint32Array(n) },
    ];
    const [, gpuY, gpuBits] = await runOnGpu(code, bindings(), [4, 1, 1]);
    const [simY, simBits] = runOnSimulator(code, bindings(), [4, 1, 1], ['y', 'bits']);
    expect(Array.from(simY as Float32Array)).toEqual(Array.from(gpuY as Float32Array));
    expect(Array.from(simBits as Uint32Array)).toEqual(Array.from(gpuBits as Uint32Array));
  });

  it('on division, sqrt and transcendentals within the few ULP a GPU may differ by', async () => {
    const code = `
      @group(0) @binding(0) var<storage, read> x: array<f32>;
      @group(0) @binding(1) var<storage, read_write> y: array<vec4f>;
      @compute @workgroup_size(64) fn main(@builtin(global_invocation_id) id: vec3u) {
        let i = id.x;
        if (i >= arrayLength(&x)) { return; }
        let v = x[i];
        y[i] = vec4f(v / 3.0, sqrt(abs(v)), exp(v / 40.0), tanh(v / 50.0));
      }`;
    const n = 100;
    const x = Float32Array.from({ length: n }, (_, i) => Math.fround((i - 50) * 1.37));
    const bindings = (): GpuBinding[] => [
      { binding: 0, data: x },
      { binding: 1, data: new Float32Array(n * 4) },
    ];
    const [, gpu] = await runOnGpu(code, bindings(), [2, 1, 1]);
    const [sim] = runOnSimulator(code, bindings(), [2, 1, 1], ['y']);
    const g = gpu as Float32Array;
    const s = sim as Float32Array;
    for (let k = 0; k < g.length; k++) {
      const scale = Math.max(Math.abs(g[k] as number), 2 ** -20);
      expect(Math.abs((s[k] as number) - (g[k] as number)) / scale, `element ${k}: ${s[k]} vs ${g[k]}`).toBeLessThan(2 ** -19);
    }
  });

  it('on a tiled sum with workgroup memory and barriers', async () => {
    const code = `
      const WG = 64u;
      @group(0) @binding(0) var<storage, read> input: array<f32>;
      @group(0) @binding(1) var<storage, read_write> partial: array<f32>;
      var<workgroup> tile: array<f32, WG>;
      @compute @workgroup_size(WG) fn main(@builtin(global_invocation_id) gid: vec3u,
                                            @builtin(local_invocation_index) lid: u32,
                                            @builtin(workgroup_id) wid: vec3u) {
        // Each invocation first sums 4 elements, then the workgroup reduces the tile.
        var acc = 0.0;
        for (var k = 0u; k < 4u; k++) { acc += input[gid.x * 4u + k]; }
        tile[lid] = acc;
        workgroupBarrier();
        for (var s = WG / 2u; s > 0u; s >>= 1u) {
          if (lid < s) { tile[lid] += tile[lid + s]; }
          workgroupBarrier();
        }
        if (lid == 0u) { partial[wid.x] = tile[0]; }
      }`;
    const input = Float32Array.from({ length: 4 * 64 * 4 }, (_, i) => Math.fround(Math.cos(i) * 100));
    const bindings = (): GpuBinding[] => [
      { binding: 0, data: input },
      { binding: 1, data: new Float32Array(4) },
    ];
    const [, gpu] = await runOnGpu(code, bindings(), [4, 1, 1]);
    const [sim] = runOnSimulator(code, bindings(), [4, 1, 1], ['partial']);
    expect(Array.from(sim as Float32Array)).toEqual(Array.from(gpu as Float32Array));
  });

  it('on atomics in storage and workgroup memory', async () => {
    const code = `
      @group(0) @binding(0) var<storage, read> values: array<u32>;
      @group(0) @binding(1) var<storage, read_write> histogram: array<atomic<u32>, 16>;
      @group(0) @binding(2) var<storage, read_write> extremes: array<atomic<i32>, 2>;
      @group(0) @binding(3) var<storage, read_write> groupSums: array<u32>;
      var<workgroup> groupSum: atomic<u32>;
      @compute @workgroup_size(32) fn main(@builtin(global_invocation_id) g: vec3u,
                                            @builtin(local_invocation_index) li: u32,
                                            @builtin(workgroup_id) w: vec3u) {
        let v = values[g.x];
        atomicAdd(&histogram[v & 15u], 1u);
        atomicMax(&extremes[0], i32(v) - 500);
        atomicMin(&extremes[1], i32(v) - 500);
        atomicAdd(&groupSum, v);
        workgroupBarrier();
        if (li == 0u) { groupSums[w.x] = atomicLoad(&groupSum); }
      }`;
    const values = Uint32Array.from({ length: 128 }, (_, i) => (i * 7919) % 1000);
    const bindings = (): GpuBinding[] => [
      { binding: 0, data: values },
      { binding: 1, data: new Uint32Array(16) },
      { binding: 2, data: new Int32Array([-1000000, 1000000]) },
      { binding: 3, data: new Uint32Array(4) },
    ];
    const [, gpuHist, gpuExt, gpuSums] = await runOnGpu(code, bindings(), [4, 1, 1]);
    const [simHist, simExt, simSums] = runOnSimulator(code, bindings(), [4, 1, 1], ['histogram', 'extremes', 'groupSums']);
    expect(Array.from(simHist as Uint32Array)).toEqual(Array.from(gpuHist as Uint32Array));
    expect(Array.from(simExt as Int32Array)).toEqual(Array.from(gpuExt as Int32Array));
    expect(Array.from(simSums as Uint32Array)).toEqual(Array.from(gpuSums as Uint32Array));
  });

  it('on a tiled matrix multiply with a uniform buffer and 2D workgroups', async () => {
    const code = `
      const T = 8u;
      struct Dims { n: u32, }
      @group(0) @binding(0) var<uniform> dims: Dims;
      @group(0) @binding(1) var<storage, read> a: array<f32>;
      @group(0) @binding(2) var<storage, read> b: array<f32>;
      @group(0) @binding(3) var<storage, read_write> c: array<f32>;
      var<workgroup> ta: array<array<f32, T>, T>;
      var<workgroup> tb: array<array<f32, T>, T>;
      @compute @workgroup_size(T, T) fn main(@builtin(global_invocation_id) g: vec3u, @builtin(local_invocation_id) l: vec3u) {
        let n = dims.n;
        let row = g.y;
        let col = g.x;
        var acc = 0.0;
        for (var t = 0u; t < n / T; t++) {
          ta[l.y][l.x] = a[row * n + t * T + l.x];
          tb[l.y][l.x] = b[(t * T + l.y) * n + col];
          workgroupBarrier();
          for (var k = 0u; k < T; k++) { acc = fma(ta[l.y][k], tb[k][l.x], acc); }
          workgroupBarrier();
        }
        c[row * n + col] = acc;
      }`;
    const n = 16;
    const a = Float32Array.from({ length: n * n }, (_, i) => ((i * 37) % 11) - 5);
    const b = Float32Array.from({ length: n * n }, (_, i) => ((i * 53) % 7) - 3);
    const bindings = (): GpuBinding[] => [
      { binding: 0, data: new Uint32Array([n, 0, 0, 0]), uniform: true },
      { binding: 1, data: a },
      { binding: 2, data: b },
      { binding: 3, data: new Float32Array(n * n) },
    ];
    const gpu = (await runOnGpu(code, bindings(), [2, 2, 1]))[3] as Float32Array;
    const [sim] = runOnSimulator(code, bindings(), [2, 2, 1], ['c']);
    expect(Array.from(sim as Float32Array)).toEqual(Array.from(gpu));
    // And both are the actual product (small integers: exact in f32).
    const expected = Array.from({ length: n * n }, (_, idx) => {
      const r = Math.floor(idx / n);
      const col = idx % n;
      let s = 0;
      for (let k = 0; k < n; k++) s += (a[r * n + k] as number) * (b[k * n + col] as number);
      return s;
    });
    expect(Array.from(gpu)).toEqual(expected);
  });
});

/** Deterministic pseudo-random numbers for generated kernels. */
function rng(seed: number): (n: number) => number {
  let state = seed >>> 0;
  return (n) => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return Math.floor((state / 2 ** 32) * n);
  };
}

/** Random well-typed WGSL expressions over integer and exactly-rounded f32 operations. */
function expressionGenerator(seed: number) {
  const r = rng(seed);
  const pick = <T,>(xs: readonly T[]): T => xs[r(xs.length)] as T;
  const u = (d: number): string => {
    // Literals are mixed with a runtime zero so that no subexpression is a WGSL constant
    // (constant expressions that overflow are compile errors, which is not what this tests).
    if (d <= 0 || r(4) === 0) return pick(['a', 'b', `(${r(4294967295)}u | (a & 0u))`, `(${r(40)}u | (b & 0u))`, `((a & 0u) + ${r(100)})`]);
    switch (r(9)) {
      case 0:
        return `(${u(d - 1)} ${pick(['+', '-', '*', '/', '%', '&', '|', '^'])} ${u(d - 1)})`;
      case 1:
        return `(${u(d - 1)} ${pick(['<<', '>>'])} ${u(d - 1)})`;
      case 2:
        return `u32(${i(d - 1)})`;
      case 3:
        return `${pick(['min', 'max'])}(${u(d - 1)}, ${u(d - 1)})`;
      case 4:
        return `select(${u(d - 1)}, ${u(d - 1)}, ${bool(d - 1)})`;
      case 5:
        return `${pick(['countOneBits', 'reverseBits', 'countLeadingZeros', 'firstLeadingBit', 'firstTrailingBit'])}(${u(d - 1)})`;
      case 6:
        return `(~${u(d - 1)})`;
      case 7:
        return `u32(${f(d - 1)})`;
      default:
        return `extractBits(${u(d - 1)}, a % ${r(40) + 1}u, b % ${r(40) + 1}u)`;
    }
  };
  const i = (d: number): string => {
    if (d <= 0 || r(4) === 0) return pick(['c', 'd', `(${r(2000) - 1000}i | (c & 0i))`, `(${r(2147483647)}i | (d & 0i))`, '(i32(0x80000000u) | (c & 0))']);
    switch (r(8)) {
      case 0:
        return `(${i(d - 1)} ${pick(['+', '-', '*', '/', '%', '&', '|', '^'])} ${i(d - 1)})`;
      case 1:
        return `(${i(d - 1)} ${pick(['<<', '>>'])} ${u(d - 1)})`;
      case 2:
        return `i32(${u(d - 1)})`;
      case 3:
        return `${pick(['min', 'max'])}(${i(d - 1)}, ${i(d - 1)})`;
      case 4:
        return `${pick(['abs', 'sign', 'firstLeadingBit', 'countOneBits'])}(${i(d - 1)})`;
      case 5:
        return `(-${i(d - 1)})`;
      case 6:
        return `i32(${f(d - 1)})`;
      default:
        return `clamp(${i(d - 1)}, -100i, 100i)`;
    }
  };
  const f = (d: number): string => {
    if (d <= 0 || r(4) === 0) return pick(['x', 'y', `(x * 0.0 + ${(r(2000) - 1000) / 8})`, `(y * 0.0 + ${r(100)}.5)`]);
    switch (r(6)) {
      case 0:
        return `(${f(d - 1)} ${pick(['+', '-', '*'])} ${f(d - 1)})`;
      case 1:
        // Integers above 2^24 may round either way when converted (WGSL allows both; SwiftShader truncates).
        return pick([`f32(${i(d - 1)} >> 8u)`, `f32(${u(d - 1)} & 0xffffffu)`]);
      case 2:
        return `${pick(['abs', 'floor', 'ceil', 'trunc', 'round', 'fract'])}(${f(d - 1)})`;
      case 3:
        return `${pick(['min', 'max'])}(${f(d - 1)}, ${f(d - 1)})`;
      case 4:
        return `clamp(${f(d - 1)}, -1000.0, 1000.0)`;
      default:
        return `select(${f(d - 1)}, ${f(d - 1)}, ${bool(d - 1)})`;
    }
  };
  const bool = (d: number): string => {
    switch (r(3)) {
      case 0:
        return `(${u(d)} ${pick(['<', '<=', '==', '!=', '>', '>='])} ${u(d)})`;
      case 1:
        return `(${i(d)} ${pick(['<', '>=', '!='])} ${i(d)})`;
      default:
        return `(${f(d)} ${pick(['<', '>', '=='])} ${f(d)})`;
    }
  };
  return (): { text: string; float: boolean } => {
    switch (r(3)) {
      case 0:
        return { text: u(3), float: false };
      case 1:
        return { text: `bitcast<u32>(${i(3)})`, float: false };
      default:
        return { text: `bitcast<u32>(${f(3)})`, float: true };
    }
  };
}

describe('simulator matches WebGPU on generated expressions', () => {
  it('bit for bit on 4 x 40 random integer and f32 expressions over 32 inputs', async () => {
    for (const seed of [1, 2, 3, 4]) {
      const next = expressionGenerator(seed);
      const generated = Array.from({ length: 40 }, next);
      const expressions = generated.map((g) => g.text);
      const floatOutputs = new Set(generated.flatMap((g, k) => (g.float ? [k] : [])));
      const code = `
        struct In { a: u32, b: u32, c: i32, d: i32, x: f32, y: f32, }
        @group(0) @binding(0) var<storage, read> inputs: array<In>;
        @group(0) @binding(1) var<storage, read_write> out: array<u32>;
        @compute @workgroup_size(32) fn main(@builtin(global_invocation_id) id: vec3u) {
          let a = inputs[id.x].a; let b = inputs[id.x].b; let c = inputs[id.x].c;
          let d = inputs[id.x].d; let x = inputs[id.x].x; let y = inputs[id.x].y;
          let base = id.x * ${expressions.length}u;
${expressions.map((e, k) => `          out[base + ${k}u] = ${e};`).join('\n')}
        }`;
      const r = rng(seed * 7919);
      const inputs = new Uint32Array(32 * 6);
      const view = new DataView(inputs.buffer);
      for (let k = 0; k < 32; k++) {
        const special = [0, 1, 0xffffffff, 0x80000000, 0x7fffffff, 31, 32, 33];
        view.setUint32(k * 24, r(3) === 0 ? (special[r(special.length)] as number) : r(2 ** 32), true);
        view.setUint32(k * 24 + 4, r(3) === 0 ? (special[r(special.length)] as number) : r(64), true);
        view.setInt32(k * 24 + 8, r(3) === 0 ? (special[r(special.length)] as number) | 0 : r(2000) - 1000, true);
        view.setInt32(k * 24 + 12, r(2) === 0 ? 0 : r(200) - 100, true);
        view.setFloat32(k * 24 + 16, (r(20000) - 10000) / 16, true);
        view.setFloat32(k * 24 + 20, (r(200) - 100) / 4, true);
      }
      const bindings = (): GpuBinding[] => [
        { binding: 0, data: inputs },
        { binding: 1, data: new Uint32Array(32 * expressions.length) },
      ];
      const [, gpu] = await runOnGpu(code, bindings(), [1, 1, 1]);
      const [sim] = runOnSimulator(code, bindings(), [1, 1, 1], ['out']);
      const g = gpu as Uint32Array;
      const s = sim as Uint32Array;
      for (let k = 0; k < g.length; k++) {
        const e = expressions[k % expressions.length] as string;
        // Signed zeros: min/max(-0, +0) may return either zero, and GPU compilers fold x + 0.0 to x.
        const zero = (v: number | undefined) => v === 0 || v === 0x80000000;
        if (floatOutputs.has(k % expressions.length) && zero(s[k]) && zero(g[k])) continue;
        expect(s[k], `seed ${seed}, invocation ${Math.floor(k / expressions.length)}: ${e}`).toBe(g[k]);
      }
    }
  });
});
