/**
 * The MatmulRace demo's CPU contender: a plain-JavaScript matrix
 * multiplication of two n x n row-major Float32Arrays, with the loops in
 * i-k-j order. That order walks B and C along rows in the innermost loop
 * (unit stride, cache-friendly) and keeps A[i][k] in a local, which is about
 * the best plain JS does without blocking or SIMD. Runs in a worker.
 */

/** C = A B for n x n row-major matrices; writes into `out` (zeroed first) and returns it. */
export function matmulIkj(a: Float32Array, b: Float32Array, n: number, out: Float32Array = new Float32Array(n * n)): Float32Array {
  const size = n * n;
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`matmulIkj: n must be a positive integer, got ${n}`);
  if (a.length !== size || b.length !== size || out.length !== size) {
    throw new RangeError(`matmulIkj: n = ${n} needs arrays of ${size} elements, got A ${a.length}, B ${b.length}, C ${out.length}`);
  }
  out.fill(0);
  for (let i = 0; i < n; i++) {
    const rowI = i * n;
    for (let k = 0; k < n; k++) {
      const aik = a[rowI + k]!;
      const rowK = k * n;
      for (let j = 0; j < n; j++) out[rowI + j]! += aik * b[rowK + j]!;
    }
  }
  return out;
}

/** The diagonal of an n x n row-major matrix: a cheap fingerprint to compare two products. */
export function diagonal(m: Float32Array | Int32Array, n: number): Float64Array {
  const d = new Float64Array(n);
  for (let i = 0; i < n; i++) d[i] = m[i * n + i]!;
  return d;
}

/**
 * Largest difference between two diagonals of the same n x n product, scaled
 * so that 1 means "at the edge of float32 rounding for a length-n dot
 * product": |x - y| / (1e-5 * n * (1 + |y|)). Values well under 1 agree.
 */
export function diagonalMismatch(x: ArrayLike<number>, y: ArrayLike<number>, n: number): number {
  if (x.length !== y.length) throw new RangeError(`diagonalMismatch: lengths differ (${x.length} vs ${y.length})`);
  let worst = 0;
  for (let i = 0; i < x.length; i++) {
    const scale = 1e-5 * n * (1 + Math.abs(y[i]!));
    worst = Math.max(worst, Math.abs(x[i]! - y[i]!) / scale);
  }
  return worst;
}
