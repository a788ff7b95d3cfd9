/**
 * Test data shared by the matmul exercises of lesson 7 (matmul-naive,
 * matmul-tiled, matmul-transposed, matmul-bias-relu): padded output rows,
 * values whose dot products are exact in f32, the dims uniform, and the CPU
 * reference product. Each exercise's grader.ts picks its own cases from these.
 *
 * Values are nonzero multiples of 1/8 in [-2, 2]: every product is a multiple
 * of 1/64 of size at most 4, and a dot product of K <= 1,000 of them stays
 * below 2^12 in size, so it needs at most 18 significant bits of an f32's 24.
 * Every sum is therefore exact in any order, fused or not, and the graders can
 * compare exactly.
 */
import type { HostArray } from './define';
import type { Rng } from './random';

/** Rows of the C buffer: M rounded up to whole workgroups, plus enough rows for 16 more elements. */
export function paddedRows(m: number, n: number): number {
  return Math.ceil(m / 16) * 16 + Math.ceil(16 / n);
}

/** Nonzero multiples of 1/8 with |x| <= limit. */
export function nonzeroEighths(rng: Rng, length: number, limit: number): Float32Array {
  return Float32Array.from({ length }, () => (rng.int(1, 8 * limit) * (rng.int(0, 1) === 0 ? -1 : 1)) / 8);
}

/** The dims uniform: struct Dims { m: u32, k: u32, n: u32 }. */
export function dimsOf(m: number, k: number, n: number): Uint32Array {
  return Uint32Array.of(m, k, n);
}

/**
 * C = A·op(B) on the CPU in float64 (exact for the grader's values): B is
 * K × N row-major, or N × K row-major when `transposed`. Elements of `c` past
 * M × N keep their initial contents. `epilogue(sum, col)` maps each sum
 * before it is stored.
 */
export function referenceMatmul(
  buffers: Readonly<Record<string, HostArray>>,
  m: number,
  k: number,
  n: number,
  options: { transposed?: boolean; epilogue?: (sum: number, col: number) => number } = {},
): Float32Array {
  const a = buffers.a!;
  const b = buffers.b!;
  const expected = Float32Array.from(buffers.c!);
  for (let row = 0; row < m; row++) {
    for (let col = 0; col < n; col++) {
      let sum = 0;
      for (let i = 0; i < k; i++) {
        sum += a[row * k + i]! * (options.transposed ? b[col * k + i]! : b[i * n + col]!);
      }
      expected[row * n + col] = options.epilogue ? options.epilogue(sum, col) : sum;
    }
  }
  return expected;
}
