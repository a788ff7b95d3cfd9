// The backend's machinery rather than its maths: runWgsl (success, compile
// errors with line:column, binding errors), memory accounting and buffer pool
// reuse, batching many ops per queue submit, grid folding, device-loss
// recovery, and argument errors.
import { describe, expect, it } from 'vitest';
import { contiguousView } from '../../../src/engine/backend';
import { createTestBackend, expectClose, randomFloats, view } from './helpers';

const SCALE_KERNEL = /* wgsl */ `
@group(0) @binding(0) var<storage, read> x: array<f32>;
// binding 1 is an input this kernel ignores: the explicit layout must still accept it.
@group(0) @binding(2) var<storage, read_write> y: array<f32>;
struct Params { scale: f32, n: u32 }
@group(0) @binding(3) var<uniform> params: Params;
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) id: vec3<u32>) {
  if (id.x < params.n) { y[id.x] = x[id.x] * params.scale + f32(arrayLength(&y)); }
}`;

describe('runWgsl', () => {
  it('runs a custom kernel with inputs, outputs and uniforms bound in order', async () => {
    const backend = await createTestBackend();
    const data = randomFloats(100, 1);
    const x = backend.upload(data);
    const ignored = backend.upload(new Float32Array(3));
    const y = backend.alloc(100, 'float32');
    const uniforms = new Uint32Array(2);
    new Float32Array(uniforms.buffer)[0] = 2.5;
    uniforms[1] = 100;
    backend.runWgsl({ label: 'scale', code: SCALE_KERNEL, inputs: [x, ignored], outputs: [y], uniforms, workgroups: [2, 1, 1] });
    // arrayLength(&y) is the storage's length (100), not its pooled buffer's (128 elements).
    expectClose(await backend.read(y), Array.from(data, (v) => v * 2.5 + 100), { abs: 2e-5 }, 'scale');
    expect(backend.debug.uncapturedErrors()).toEqual([]);
    backend.destroy();
  });

  it('reports WGSL errors with line:column, then throws at once for the same code', async () => {
    const backend = await createTestBackend();
    const bad = '@group(0) @binding(0) var<storage, read_write> y: array<f32>;\n@compute @workgroup_size(1) fn main() {\n  let v: f32 = 1u;\n  y[0] = v;\n}';
    const y = backend.alloc(1, 'float32');
    backend.runWgsl({ label: 'broken', code: bad, inputs: [], outputs: [y], workgroups: [1, 1, 1] });
    await expect(backend.read(y)).rejects.toThrow(/runWgsl "broken": the WGSL does not compile \(line:column\):\n {2}3:\d+ error: .*u32/);
    expect(() => backend.runWgsl({ label: 'broken', code: bad, inputs: [], outputs: [y], workgroups: [1, 1, 1] })).toThrow(/3:\d+ error/);
    // The backend keeps working afterwards.
    const out = backend.alloc(2, 'float32');
    backend.fill(out, 4);
    expect(Array.from(await backend.read(out))).toEqual([4, 4]);
    expect(backend.debug.uncapturedErrors()).toEqual([]);
    backend.destroy();
  });

  it('explains a binding declared with the wrong access mode', async () => {
    const backend = await createTestBackend();
    const code = '@group(0) @binding(0) var<storage, read_write> x: array<f32>;\n@compute @workgroup_size(1) fn main() { x[0] = 1.0; }';
    const x = backend.upload(new Float32Array(1));
    const y = backend.alloc(1, 'float32');
    backend.runWgsl({ label: 'writes input', code, inputs: [x], outputs: [y], workgroups: [1, 1, 1] });
    await expect(backend.read(y)).rejects.toThrow(/Expected @group\(0\) bindings: @binding\(0\) var<storage, read>, @binding\(1\) var<storage, read_write>/);
    backend.destroy();
  });
});

describe('memory and the buffer pool', () => {
  it('accounts live and pooled bytes and reuses a freed buffer of the same size class', async () => {
    const backend = await createTestBackend();
    expect(backend.memory()).toEqual({ storages: 0, bytesInUse: 0, bytesPooled: 0 });
    const a = backend.alloc(1000, 'float32'); // 4000 B -> 4096 B class
    const b = backend.alloc(10, 'int32'); // 40 B -> 64 B class
    expect(backend.memory()).toEqual({ storages: 2, bytesInUse: 4096 + 64, bytesPooled: 0 });
    const bufferA = backend.debug.bufferOf(a);
    backend.free(a);
    expect(backend.memory()).toEqual({ storages: 1, bytesInUse: 64, bytesPooled: 4096 });
    const c = backend.alloc(900, 'float32'); // 3600 B: same 4096 B class
    expect(backend.debug.bufferOf(c)).toBe(bufferA);
    expect(backend.memory()).toEqual({ storages: 2, bytesInUse: 4096 + 64, bytesPooled: 0 });
    const d = backend.alloc(2000, 'float32'); // other class: a new buffer
    expect(backend.debug.bufferOf(d)).not.toBe(bufferA);
    expect(() => backend.free(a)).toThrow(/already freed/);
    expect(() => backend.fill(a, 1)).toThrow(/already freed \(use after dispose\)/);
    backend.destroy();
  });

  it('never uploads into a pooled buffer that queued work still reads', async () => {
    const backend = await createTestBackend();
    const x = backend.upload(new Float32Array([1, 2, 3, 4]));
    const out = backend.alloc(4, 'float32');
    backend.unary('neg', contiguousView(x, [4]), out); // queued, not submitted
    const bufferX = backend.debug.bufferOf(x);
    backend.free(x);
    const y = backend.upload(new Float32Array([10, 20, 30, 40])); // would clobber x before the neg runs
    expect(backend.debug.bufferOf(y)).not.toBe(bufferX);
    expect(Array.from(await backend.read(out))).toEqual([-1, -2, -3, -4]);
    // After the submit the parked buffer is clean and uploads may take it.
    const z = backend.upload(new Float32Array([5, 6, 7, 8]));
    expect(backend.debug.bufferOf(z)).toBe(bufferX);
    expect(Array.from(await backend.read(z))).toEqual([5, 6, 7, 8]);
    expect(Array.from(await backend.read(y))).toEqual([10, 20, 30, 40]);
    backend.destroy();
  });
});

describe('batching', () => {
  it('records many ops into one submit, flushed by read', async () => {
    const backend = await createTestBackend();
    const x = backend.upload(new Float32Array([1, 2, 3]));
    let current = x;
    const before = backend.debug.stats();
    for (let i = 0; i < 100; i++) {
      const next = backend.alloc(3, 'float32');
      backend.binary('add', contiguousView(current, [3]), contiguousView(x, [3]), next);
      if (current !== x) backend.free(current);
      current = next;
    }
    const queued = backend.debug.stats();
    expect(queued.submits).toBe(before.submits);
    expect(queued.dispatches).toBe(before.dispatches + 100);
    expect(Array.from(await backend.read(current))).toEqual([101, 202, 303]);
    expect(backend.debug.stats().submits).toBe(before.submits + 1);
    backend.destroy();
  });

  it('submits early when a batch reaches maxDispatchesPerBatch', async () => {
    const backend = await createTestBackend({ maxDispatchesPerBatch: 10 });
    const out = backend.alloc(4, 'float32');
    const before = backend.debug.stats().submits;
    for (let i = 0; i < 25; i++) backend.fill(out, i);
    expect(backend.debug.stats().submits).toBe(before + 2);
    expect(Array.from(await backend.read(out))).toEqual([24, 24, 24, 24]);
    expect(backend.debug.stats().submits).toBe(before + 3);
    backend.destroy();
  });
});

describe('grid folding', () => {
  it('folds every kernel family correctly when grids exceed the per-dimension limit', async () => {
    // A limit of 5 workgroups per dimension forces 2-D grids (and batch chunks) at small sizes.
    const backend = await createTestBackend({ maxWorkgroupsPerDimension: 5 });
    const n = 2000; // 8 workgroups of 256 -> 5 x 2 grid
    const data = randomFloats(n, 1);
    const x = backend.upload(data);
    const neg = backend.alloc(n, 'float32');
    backend.unary('neg', view(x, [40, 50], [50, 1]), neg);
    expectClose(await backend.read(neg), Array.from(data, (v) => -v), { abs: 0 }, 'folded unary');

    const sums = backend.alloc(20, 'float32'); // 20 workgroups, one per output
    backend.reduce('sum', x, 20, 100, 1, sums);
    const expectedSums = Array.from({ length: 20 }, (_, o) => data.subarray(o * 100, o * 100 + 100).reduce((s, v) => s + v, 0));
    expectClose(await backend.read(sums), expectedSums, { abs: 1e-4 }, 'folded workgroup reduce');
    const maxes = backend.alloc(1000, 'float32'); // 1000 outputs / 64 per workgroup = 16 workgroups
    backend.reduce('max', x, 1000, 2, 1, maxes);
    expectClose(await backend.read(maxes), Array.from({ length: 1000 }, (_, o) => Math.max(data[2 * o]!, data[2 * o + 1]!)), { abs: 0 }, 'folded serial reduce');

    // Tiled matmul with batch 7 > 5: two dispatches with batchStart 0 and 5.
    const [B, M, K, N] = [7, 40, 8, 36];
    const a = backend.upload(randomFloats(B * M * K, 2));
    const bm = backend.upload(randomFloats(K * N, 3));
    const prod = backend.alloc(B * M * N, 'float32');
    backend.matmul(view(a, [B, M, K]), view(bm, [B, K, N], [0, N, 1]), prod);
    const ah = await backend.read(a);
    const bh = await backend.read(bm);
    const expected: number[] = [];
    for (let t = 0; t < B; t++)
      for (let m = 0; m < M; m++)
        for (let c = 0; c < N; c++) {
          let s = 0;
          for (let k = 0; k < K; k++) s += ah[(t * M + m) * K + k]! * bh[k * N + c]!;
          expected.push(s);
        }
    expectClose(await backend.read(prod), expected, { abs: 1e-5 }, 'batch-chunked tiled matmul');
    // Few outputs with long K: one workgroup per output, 10 workgroups folded.
    const dotA = backend.upload(randomFloats(2 * 300, 4));
    const dotB = backend.upload(randomFloats(300 * 5, 5));
    const dot = backend.alloc(10, 'float32');
    backend.matmul(view(dotA, [1, 2, 300]), view(dotB, [1, 300, 5]), dot);
    const dah = await backend.read(dotA);
    const dbh = await backend.read(dotB);
    const dotExpected = Array.from({ length: 10 }, (_, o) => {
      let s = 0;
      for (let k = 0; k < 300; k++) s += dah[Math.floor(o / 5) * 300 + k]! * dbh[k * 5 + (o % 5)]!;
      return s;
    });
    expectClose(await backend.read(dot), dotExpected, { abs: 1e-4 }, 'folded dot matmul');
    expect(backend.debug.uncapturedErrors()).toEqual([]);
    backend.destroy();
  });
});

describe('device loss', () => {
  it('reports the loss, recovers on a fresh device, and rejects storages of the lost one', async () => {
    const losses: string[] = [];
    const backend = await createTestBackend({ onDeviceLost: (info) => losses.push(info) });
    const old = backend.upload(new Float32Array([1, 2, 3]));
    const warm = backend.alloc(3, 'float32');
    backend.unary('exp', contiguousView(old, [3]), warm);
    await backend.read(warm);
    expect(backend.debug.stats().pipelines).toBeGreaterThan(0);

    const device = backend.debug.device()!;
    device.destroy(); // what a driver reset or GPU removal looks like to WebGPU
    await device.lost;
    expect(losses).toHaveLength(1);
    expect(losses[0]).toMatch(/destroyed/);

    // The replacement device may still be on its way: these calls queue and replay on it.
    const fresh = backend.upload(new Float32Array([4, 5, 6]));
    const out = backend.alloc(3, 'float32');
    backend.unary('neg', contiguousView(fresh, [3]), out);
    expect(Array.from(await backend.read(out))).toEqual([-4, -5, -6]);
    expect(backend.debug.device()).not.toBe(device);
    expect(backend.debug.stats().generation).toBe(1);
    // Only the two new storages (16 B classes); the staging buffer of that read is pooled.
    expect(backend.memory()).toMatchObject({ storages: 2, bytesInUse: 32 });

    const message = /tensor was created on a GPU device that was lost; recreate it/;
    expect(() => backend.unary('neg', contiguousView(old, [3]), out)).toThrow(message);
    await expect(backend.read(old)).rejects.toThrow(message);
    expect(() => backend.free(old)).not.toThrow(); // disposing stale tensors stays harmless
    expect(backend.debug.uncapturedErrors()).toEqual([]);
    backend.destroy();
  });

  it('does not report a loss for destroy(), and refuses calls afterwards', async () => {
    const losses: string[] = [];
    const backend = await createTestBackend({ onDeviceLost: (info) => losses.push(info) });
    const device = backend.debug.device()!;
    backend.destroy();
    await device.lost;
    expect(losses).toEqual([]);
    expect(() => backend.alloc(1, 'float32')).toThrow(/backend was destroyed/);
  });
});

describe('argument errors', () => {
  it('names the op, the shapes and the fix', async () => {
    const backend = await createTestBackend();
    const x = backend.alloc(6, 'float32');
    const out = backend.alloc(6, 'float32');
    expect(() => backend.unary('neg', view(x, [2, 4]), out)).toThrow(/unary neg: x view \[2,4\] strides \[4,1\] offset 0 reaches elements 0\.\.7 of a storage of 6/);
    expect(() => backend.binary('add', view(x, [2, 3]), view(x, [3, 2]), out)).toThrow(/must already be broadcast/);
    expect(() => backend.unary('neg', view(x, [6]), x)).toThrow(/also an input/);
    expect(() => backend.unary('nope' as never, view(x, [6]), out)).toThrow(/unknown op "nope"/);
    backend.destroy();
  });
});
