// gatherRows / scatterAddRows against plain-JS references, including
// out-of-range indices (write 0 on the GPU), repeated indices (summed in
// scatter) and int32 tables (copied bit-exactly).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebGpuBackend } from '../../../src/engine/backends/webgpu/index';
import { createTestBackend, expectClose, randomFloats, randomInts } from './helpers';

let backend: WebGpuBackend;
beforeAll(async () => {
  backend = await createTestBackend();
});
afterAll(() => {
  expect(backend.debug.uncapturedErrors()).toEqual([]);
  backend.destroy();
});

describe('gatherRows', () => {
  it('copies the indexed rows; out-of-range indices give zero rows', async () => {
    const [rows, cols] = [17, 65];
    const table = randomFloats(rows * cols, 1);
    const indices = Int32Array.from([3, 0, 16, 3, -1, 17, 5, 1000]);
    const t = backend.upload(table);
    const i = backend.upload(indices);
    const out = backend.alloc(indices.length * cols, 'float32');
    backend.gatherRows(t, rows, cols, i, out);
    const expected = Array.from(indices).flatMap((r) =>
      r >= 0 && r < rows ? Array.from(table.subarray(r * cols, (r + 1) * cols)) : new Array<number>(cols).fill(0),
    );
    expectClose(await backend.read(out), expected, { abs: 0 }, 'gatherRows');
  });

  it('gathers int32 tables exactly', async () => {
    const table = backend.upload(Int32Array.from([1, 2, 3, 2147483647, -5, 6]));
    const idx = backend.upload(Int32Array.from([1, 1, 2, 0]));
    const out = backend.alloc(8, 'int32');
    backend.gatherRows(table, 3, 2, idx, out);
    expect(Array.from(await backend.read(out))).toEqual([3, 2147483647, 3, 2147483647, -5, 6, 1, 2]);
  });
});

describe('scatterAddRows', () => {
  it('sums source rows into their index rows (repeats add up, out-of-range ones are dropped)', async () => {
    const [rows, cols, n] = [33, 17, 257];
    const src = randomFloats(n * cols, 2);
    const indices = randomInts(n, 3, 0, rows);
    indices[10] = -1;
    indices[11] = rows;
    const s = backend.upload(src);
    const i = backend.upload(indices);
    const out = backend.alloc(rows * cols, 'float32');
    backend.scatterAddRows(s, i, rows, cols, out);
    const expected = new Float64Array(rows * cols);
    indices.forEach((r, k) => {
      if (r < 0 || r >= rows) return;
      for (let c = 0; c < cols; c++) expected[r * cols + c]! += src[k * cols + c]!;
    });
    // Each output adds at most n float32 values in [-1, 1].
    expectClose(await backend.read(out), expected, { abs: 1e-6 * n }, 'scatterAddRows');
  });

  it('is the adjoint of gatherRows: <gather(T), G> == <T, scatter(G)>', async () => {
    const [rows, cols, n] = [9, 4, 30];
    const table = randomFloats(rows * cols, 4);
    const grad = randomFloats(n * cols, 5);
    const indices = randomInts(n, 6, 0, rows);
    const t = backend.upload(table);
    const g = backend.upload(grad);
    const i = backend.upload(indices);
    const gathered = backend.alloc(n * cols, 'float32');
    const scattered = backend.alloc(rows * cols, 'float32');
    backend.gatherRows(t, rows, cols, i, gathered);
    backend.scatterAddRows(g, i, rows, cols, scattered);
    const lhs = Array.from(await backend.read(gathered)).reduce((s, v, k) => s + v * grad[k]!, 0);
    const rhs = Array.from(await backend.read(scattered)).reduce((s, v, k) => s + v * table[k]!, 0);
    expect(Math.abs(lhs - rhs)).toBeLessThan(1e-4);
  });
});
