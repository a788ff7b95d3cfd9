// Engine creation and housekeeping: backend choice, creation functions,
// seeded randomness identical across backends, dispose.
import { describe, expect, it } from 'vitest';
import { createEngine, EngineError, Random } from '../../../src/engine';
import { normalArray, uniformArray } from '../../../src/engine/random';
import { requireNodeGpu } from '../../support/node-gpu';
import { backends } from './support';

describe('createEngine', () => {
  it("'cpu' gives the CPU backend, 'auto' falls back to it without WebGPU", async () => {
    expect((await createEngine({ backend: 'cpu' })).backendName).toBe('cpu');
    expect((await createEngine()).backendName).toBe('cpu'); // Node has no navigator.gpu
  });

  it.runIf(backends.some((b) => b.name === 'webgpu'))("'auto' picks WebGPU when options.gpu gives an adapter", async () => {
    const engine = await createEngine({ gpu: await requireNodeGpu() });
    expect(engine.backendName).toBe('webgpu');
    engine.dispose();
  });

  it("'webgpu' without WebGPU is a clear error", async () => {
    await expect(createEngine({ backend: 'webgpu' })).rejects.toThrow(/backend 'webgpu' needs WebGPU/);
  });

  it('a disposed engine refuses further work', async () => {
    const engine = await createEngine({ backend: 'cpu' });
    const t = engine.ones([2]);
    engine.dispose();
    expect(() => engine.zeros([1])).toThrow(/the engine was disposed/);
    expect(t.isDisposed).toBe(true);
  });
});

describe('Random', () => {
  it('is deterministic per seed and differs between seeds', () => {
    const a = new Random(42);
    const b = new Random(42);
    const c = new Random(43);
    const first = Array.from({ length: 5 }, () => a.nextUint32());
    expect(Array.from({ length: 5 }, () => b.nextUint32())).toEqual(first);
    expect(Array.from({ length: 5 }, () => c.nextUint32())).not.toEqual(first);
  });

  it('uniform lies in [low, high) and normal has the requested moments', () => {
    const u = uniformArray(20000, 1, -1, 3);
    expect(Math.min(...u)).toBeGreaterThanOrEqual(-1);
    expect(Math.max(...u)).toBeLessThan(3);
    const n = normalArray(20000, 2, 5, 2);
    const mean = n.reduce((s, v) => s + v, 0) / n.length;
    const std = Math.sqrt(n.reduce((s, v) => s + (v - mean) ** 2, 0) / n.length);
    expect(Math.abs(mean - 5)).toBeLessThan(0.05);
    expect(Math.abs(std - 2)).toBeLessThan(0.05);
  });
});

describe.each(backends)('creation ($name)', ({ create }) => {
  it('rand/randn with a seed are bit-identical to the host generator on every backend', async () => {
    const engine = await create();
    expect(Array.from(await engine.rand([257], { seed: 9, low: -2, high: 2 }).data())).toEqual(Array.from(uniformArray(257, 9, -2, 2)));
    expect(Array.from(await engine.randn([3, 7], { seed: 9, mean: 1, std: 0.5 }).data())).toEqual(Array.from(normalArray(21, 9, 1, 0.5)));
    engine.dispose();
  });

  it('zeros, ones, full, arange, linspace, tensor', async () => {
    const engine = await create();
    expect(Array.from(await engine.zeros([2, 2]).data())).toEqual([0, 0, 0, 0]);
    expect(Array.from(await engine.ones([3], 'int32').data())).toEqual([1, 1, 1]);
    expect(Array.from(await engine.full([2], 7.5).data())).toEqual([7.5, 7.5]);
    expect(Array.from(await engine.arange(5).data())).toEqual([0, 1, 2, 3, 4]);
    expect(Array.from(await engine.arange(1, 2, 0.25).data())).toEqual([1, 1.25, 1.5, 1.75]);
    expect(engine.arange(3, 0, -1, 'int32').dtype).toBe('int32');
    expect(Array.from(await engine.linspace(0, 1, 5).data())).toEqual([0, 0.25, 0.5, 0.75, 1]);
    const nested = engine.tensor([[[1], [2]], [[3], [4]]]);
    expect(nested.shape).toEqual([2, 2, 1]);
    expect(engine.tensor(Int32Array.of(1, 2)).dtype).toBe('int32');
    expect(engine.tensor(3).shape).toEqual([]);
    expect(() => engine.tensor([1.5], undefined, 'int32')).toThrow(EngineError);
    engine.dispose();
  });
});
