// The CPU backend's primitives called directly: strided/broadcast views,
// [outer, R, inner] reductions, batched strided matmul, gather/scatter, and
// the guards that catch front-end bugs.
import { describe, expect, it } from 'vitest';
import type { View } from '../../../src/engine/backend';
import { createCpuBackend } from '../../../src/engine/backends/cpu';

describe('CPU backend primitives', () => {
  it('unary identity materialises a strided view (transpose with offset)', async () => {
    const backend = createCpuBackend();
    const x = backend.upload(Float32Array.from({ length: 12 }, (_, i) => i));
    const out = backend.alloc(4, 'float32');
    // rows 1..2, cols 1..2 of the [3,4] matrix, transposed
    backend.unary('identity', { storage: x, shape: [2, 2], strides: [1, 4], offset: 5 }, out);
    expect(Array.from(await backend.read(out))).toEqual([5, 9, 6, 10]);
  });

  it('binary honours stride-0 broadcasting and writes comparisons as 1/0', async () => {
    const backend = createCpuBackend();
    const a = backend.upload(Float32Array.of(1, 2, 3));
    const b = backend.upload(Float32Array.of(2));
    const out = backend.alloc(6, 'float32');
    const rowView: View = { storage: a, shape: [2, 3], strides: [0, 1], offset: 0 };
    const scalarView: View = { storage: b, shape: [2, 3], strides: [0, 0], offset: 0 };
    backend.binary('greaterEqual', rowView, scalarView, out);
    expect(Array.from(await backend.read(out))).toEqual([0, 1, 1, 0, 1, 1]);
  });

  it('reduce works on [outer, R, inner] with first-occurrence argmax', async () => {
    const backend = createCpuBackend();
    // [2, 3, 2]
    const x = backend.upload(Float32Array.of(1, 9, 5, 9, 5, 0, -1, -2, -3, -4, -1, -5));
    const sum = backend.alloc(4, 'float32');
    const arg = backend.alloc(4, 'int32');
    backend.reduce('sum', x, 2, 3, 2, sum);
    backend.reduce('argmax', x, 2, 3, 2, arg);
    expect(Array.from(await backend.read(sum))).toEqual([11, 18, -5, -11]);
    expect(Array.from(await backend.read(arg))).toEqual([1, 0, 0, 0]);
  });

  it('matmul reads batch-broadcast and transposed operands', async () => {
    const backend = createCpuBackend();
    const a = backend.upload(Float32Array.of(1, 2, 3, 4)); // [2,2]
    const b = backend.upload(Float32Array.of(1, 0, 0, 1, 2, 0, 0, 2)); // [2,2,2]
    const out = backend.alloc(8, 'float32');
    // a shared across the batch (stride 0) and read transposed: [[1,3],[2,4]]
    backend.matmul({ storage: a, shape: [2, 2, 2], strides: [0, 1, 2], offset: 0 }, { storage: b, shape: [2, 2, 2], strides: [4, 2, 1], offset: 0 }, out);
    expect(Array.from(await backend.read(out))).toEqual([1, 3, 2, 4, 2, 6, 4, 8]);
  });

  it('gatherRows and scatterAddRows are inverse in the adjoint sense, and check ranges', async () => {
    const backend = createCpuBackend();
    const table = backend.upload(Float32Array.of(1, 2, 3, 4, 5, 6)); // [3,2]
    const indices = backend.upload(Int32Array.of(2, 0, 2));
    const gathered = backend.alloc(6, 'float32');
    backend.gatherRows(table, 3, 2, indices, gathered);
    expect(Array.from(await backend.read(gathered))).toEqual([5, 6, 1, 2, 5, 6]);
    const scattered = backend.alloc(6, 'float32');
    backend.scatterAddRows(gathered, indices, 3, 2, scattered);
    expect(Array.from(await backend.read(scattered))).toEqual([1, 2, 0, 0, 10, 12]);
    expect(() => backend.gatherRows(table, 3, 2, backend.upload(Int32Array.of(3)), backend.alloc(2, 'float32'))).toThrow(
      'gatherRows: index 3 at position 0 is out of range for a table with 3 rows (use 0..2)',
    );
  });

  it('refuses views outside their storage and freed storage; accounts memory', () => {
    const backend = createCpuBackend();
    const x = backend.upload(new Float32Array(4));
    expect(backend.memory()).toEqual({ storages: 1, bytesInUse: 16, bytesPooled: 0 });
    expect(() => backend.unary('neg', { storage: x, shape: [5], strides: [1], offset: 0 }, backend.alloc(5, 'float32'))).toThrow(/reaches outside its storage/);
    backend.free(x);
    expect(() => backend.fill(x, 1)).toThrow(/already freed/);
    expect(backend.memory().storages).toBe(1);
  });
});
