// Custom ops: a WGSL kernel + TypeScript reference registered with
// engine.registerOp runs like a built-in op (WGSL on WebGPU, cpu() on the CPU),
// with autograd when a backward is given.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineError, type CustomOpSpec, type Engine } from '../../../src/engine';
import { backends, expectClose, randomFloats } from './support';

const scaleAddSpec: CustomOpSpec = {
  name: 'scaleAdd',
  wgsl: {
    code: /* wgsl */ `
      @group(0) @binding(0) var<storage, read> x: array<f32>;
      @group(0) @binding(1) var<storage, read_write> out: array<f32>;
      @group(0) @binding(2) var<uniform> params: vec4<u32>;
      @compute @workgroup_size(64)
      fn main(@builtin(global_invocation_id) id: vec3u) {
        if (id.x < params.x) { out[id.x] = 2.0 * x[id.x] + 1.0; }
      }`,
    workgroups: ([shape]) => [Math.ceil(shape!.reduce((a, b) => a * b, 1) / 64), 1, 1],
    uniforms: ([shape]) => Uint32Array.of(shape!.reduce((a, b) => a * b, 1), 0, 0, 0),
  },
  cpu: ([x], [shape]) => ({ data: x!.map((v) => 2 * v + 1), shape: shape! }),
  outputShape: ([shape]) => shape!,
  backward: (grad) => [grad.mul(2)],
};

const rowSumSpec: CustomOpSpec = {
  name: 'rowSum',
  wgsl: {
    code: /* wgsl */ `
      @group(0) @binding(0) var<storage, read> x: array<f32>;
      @group(0) @binding(1) var<storage, read_write> out: array<f32>;
      @group(0) @binding(2) var<uniform> dims: vec4<u32>;
      @compute @workgroup_size(64)
      fn main(@builtin(global_invocation_id) id: vec3u) {
        if (id.x >= dims.x) { return; }
        var total = 0.0;
        for (var c = 0u; c < dims.y; c++) { total += x[id.x * dims.y + c]; }
        out[id.x] = total;
      }`,
    workgroups: ([shape]) => [Math.ceil(shape![0]! / 64), 1, 1],
    uniforms: ([shape]) => Uint32Array.of(shape![0]!, shape![1]!, 0, 0),
  },
  cpu: ([x], [shape]) => {
    const [rows, cols] = shape as [number, number];
    return { data: Float32Array.from({ length: rows }, (_, r) => x!.subarray(r * cols, (r + 1) * cols).reduce((a, b) => a + b, 0)), shape: [rows] };
  },
  outputShape: ([shape]) => [shape![0]!],
};

describe.each(backends)('custom ops ($name)', ({ create }) => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await create();
  });
  afterAll(() => engine?.dispose());

  it('runs forward and backward like a built-in op', async () => {
    const scaleAdd = engine.registerOp(scaleAddSpec);
    const data = randomFloats(130, 1);
    const x = engine.tensor(data, [10, 13]);
    x.requiresGrad = true;
    const values = await engine.tidy(async () => {
      const y = scaleAdd(x);
      y.sum().backward();
      return y.data();
    });
    expectClose(values, Array.from(data, (v) => 2 * v + 1), { atol: 1e-6 });
    expectClose(await x.grad!.data(), new Array(130).fill(2), { atol: 0 });
    x.grad!.dispose();
    x.dispose();
  });

  it('accepts views as inputs and changes shape; without backward it records nothing', async () => {
    const rowSum = engine.registerOp(rowSumSpec);
    const data = randomFloats(12, 2);
    await engine.tidy(async () => {
      const x = engine.tensor(data, [3, 4]);
      x.requiresGrad = true;
      const y = rowSum(x.transpose()); // [4,3] view
      expect(y.shape).toEqual([4]);
      expect(y.requiresGrad).toBe(false);
      const expected = [0, 1, 2, 3].map((c) => data[c]! + data[4 + c]! + data[8 + c]!);
      expectClose(await y.data(), expected, { atol: 1e-6 });
    });
  });

  it('reports a cpu() result that disagrees with outputShape()', () => {
    const broken = engine.registerOp({ ...rowSumSpec, name: 'broken', wgsl: undefined, cpu: ([x]) => ({ data: x!, shape: [99] }) } as CustomOpSpec);
    engine.tidy(() => {
      const call = () => broken(engine.ones([2, 2]));
      expect(call).toThrow(EngineError);
      expect(call).toThrow(engine.backendName === 'cpu' ? /broken: cpu\(\) returned shape \[99\]/ : /broken: on the webgpu backend a custom op needs a `wgsl` kernel/);
    });
  });
});
