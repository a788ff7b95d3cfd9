// Pure logic of the MatmulRace demo (lesson 4): the JS matmul itself, the
// check that two products agree, GFLOP/s, the size schedule and the adapter
// summary.
import { describe, expect, it } from 'vitest';
import { normalArray } from '../../../src/engine/random';
import { diagonal, diagonalMismatch, matmulIkj } from '../../../src/demos/matmul-race/matmul';
import { BASE_SIZES, EXTRA_SIZE, gflopsPerSecond, matmulFlops, nextSize } from '../../../src/demos/matmul-race/schedule';
import { summarizeAdapter } from '../../../src/demos/matmul-race/adapter';

function naiveMatmul(a: Float32Array, b: Float32Array, n: number): Float64Array {
  const c = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      let acc = 0;
      for (let k = 0; k < n; k++) acc += a[i * n + k]! * b[k * n + j]!;
      c[i * n + j] = acc;
    }
  return c;
}

describe('matmulIkj', () => {
  it('matches a float64 i-j-k reference for several sizes', () => {
    for (const n of [1, 3, 17, 64]) {
      const a = normalArray(n * n, 1);
      const b = normalArray(n * n, 2);
      const c = matmulIkj(a, b, n);
      const ref = naiveMatmul(a, b, n);
      for (let i = 0; i < n * n; i++) expect(Math.abs(c[i]! - ref[i]!)).toBeLessThan(1e-4 * n);
    }
  });

  it('multiplies by the identity exactly and overwrites a reused output', () => {
    const n = 5;
    const a = normalArray(n * n, 3);
    const id = new Float32Array(n * n);
    for (let i = 0; i < n; i++) id[i * n + i] = 1;
    const out = new Float32Array(n * n).fill(99);
    expect(Array.from(matmulIkj(a, id, n, out))).toEqual(Array.from(a));
  });

  it('names the sizes when the arrays do not fit n', () => {
    expect(() => matmulIkj(new Float32Array(4), new Float32Array(9), 2)).toThrow(/n = 2 needs arrays of 4 elements, got A 4, B 9/);
  });
});

describe('diagonalMismatch', () => {
  it('is small for the same product and large when a value is wrong', () => {
    const n = 32;
    const a = normalArray(n * n, 4);
    const b = normalArray(n * n, 5);
    const fast = diagonal(matmulIkj(a, b, n), n);
    const ref = diagonal(new Float32Array(naiveMatmul(a, b, n)), n);
    expect(diagonalMismatch(fast, ref, n)).toBeLessThan(1);
    const wrong = Float64Array.from(fast);
    wrong[7] = wrong[7]! + 1;
    expect(diagonalMismatch(wrong, ref, n)).toBeGreaterThan(1);
  });
});

describe('gflopsPerSecond', () => {
  it('is 2 N^3 over the time', () => {
    expect(matmulFlops(512)).toBe(268_435_456);
    expect(gflopsPerSecond(1000, 1000)).toBeCloseTo(2, 12);
    expect(gflopsPerSecond(512, 100)).toBeCloseTo(2.68435456, 9);
  });
  it('rejects a zero time', () => {
    expect(() => gflopsPerSecond(64, 0)).toThrow(/n = 64/);
  });
});

describe('nextSize', () => {
  const done = (sizes: readonly number[], jsMs: number, gpuMs: number | null) => sizes.map((size) => ({ size, jsMs, gpuMs }));

  it('runs the base sizes in order', () => {
    expect(nextSize([])).toBe(64);
    expect(nextSize(done([64, 128], 1, 1))).toBe(256);
  });
  it('adds 1024 only if 512 took under 2 s on every side that raced', () => {
    expect(nextSize(done(BASE_SIZES, 1500, 100))).toBe(EXTRA_SIZE);
    expect(nextSize(done(BASE_SIZES, 1500, null))).toBe(EXTRA_SIZE);
    expect(nextSize(done(BASE_SIZES, 2500, 100))).toBeNull();
    expect(nextSize(done(BASE_SIZES, 100, 2100))).toBeNull();
  });
  it('stops after 1024', () => {
    expect(nextSize(done([...BASE_SIZES, EXTRA_SIZE], 1, 1))).toBeNull();
  });
});

describe('summarizeAdapter', () => {
  it('flags SwiftShader and fallback adapters as software', () => {
    expect(summarizeAdapter({ vendor: 'google', architecture: 'swiftshader', device: '', description: '' })).toEqual({
      name: 'google swiftshader',
      software: true,
    });
    expect(summarizeAdapter({ vendor: 'x' }, true).software).toBe(true);
    expect(summarizeAdapter({ vendor: 'nvidia', architecture: 'ampere', isFallbackAdapter: false }).software).toBe(false);
  });
  it('says when the browser hides the adapter details', () => {
    expect(summarizeAdapter({ vendor: '', architecture: '' }).name).toMatch(/hides/);
    expect(summarizeAdapter(undefined).software).toBe(false);
  });
});
