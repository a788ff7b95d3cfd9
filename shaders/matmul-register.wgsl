// Batched matmul without workgroup memory: out[b, m, n] = sum_k a[b, m, k] * b[b, k, n].
//
// Each invocation computes a block of ROWS x 4 outputs (ROWS rows, 4 adjacent
// columns) straight from global memory, holding the block in registers; a
// workgroup of 8 x 8 invocations covers 8 * ROWS rows x 32 columns. There is
// no slab in workgroup memory and no barrier.
//
// Why this exists next to matmul-tiled.wgsl: on a CPU implementation of WebGPU
// (SwiftShader) "workgroup memory" is ordinary memory behind the same caches
// as the buffers, so staging slabs there only adds copies, and every barrier
// makes the implementation switch between the invocations of the workgroup
// (measured: the tiled kernel ran ~3x slower than this one and took seconds
// to compile). On a real GPU the tiled kernel wins because workgroup memory is
// on-chip; kernels/matmul.ts picks between the two by adapter.
//
// Reuse still comes from the register block: per step of k, ROWS values of a
// and 4 of b feed ROWS * 4 multiply-adds.
//
// Ragged edges cost no branches in the k loop: rows past M and columns past N
// read a clamped (valid) row/column, and only the stores are guarded.
//
// Entry points:
// - matmul_register_vec4: both operands row-major along their last axis with
//   16-byte-aligned rows (the host checks K % 4 == 0, N % 4 == 0, offsets and
//   strides multiples of 4); loads whole vec4s and walks k four at a time.
// - matmul_register_strided: any strided view (transposed, sliced, broadcast
//   batch), one element per load.

struct Params {
  M: u32,
  N: u32,
  K: u32,
  batchStart: u32,      // first batch of this dispatch (batches beyond 65535 take several dispatches)
  aOffset: i32,
  aBatchStride: i32,
  aRowStride: i32,      // step along m
  aColStride: i32,      // step along k
  bOffset: i32,
  bBatchStride: i32,
  bRowStride: i32,      // step along k
  bColStride: i32,      // step along n
  batchCount: u32,      // batches in this dispatch
}

// Rows per invocation (4 or 8). More rows reuse each loaded b quad more
// often; 8 measured a little faster on SwiftShader for large M, 4 wastes less
// on small M. The host picks it.
override ROWS: u32 = 4u;

@group(0) @binding(0) var<storage, read> a: array<f32>;
@group(0) @binding(1) var<storage, read> b: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;
@group(0) @binding(3) var<uniform> params: Params;
// The same buffers seen as vec4s, used only by matmul_register_vec4.
@group(0) @binding(0) var<storage, read> a4: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read> b4: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read_write> out4: array<vec4<f32>>;

// Accumulators are named function variables (acc0..acc7), not an array: a
// loop-indexed array made SwiftShader keep them in memory (measured ~25%
// slower), and function scope measured faster than var<private>.

// acc += a_row[k..k+3] (as a quad along k) times the 4 x 4 block of b rows k..k+3.
fn step4(ar: vec4<f32>, b0: vec4<f32>, b1: vec4<f32>, b2: vec4<f32>, b3: vec4<f32>, acc: vec4<f32>) -> vec4<f32> {
  return fma(vec4(ar.w), b3, fma(vec4(ar.z), b2, fma(vec4(ar.y), b1, fma(vec4(ar.x), b0, acc))));
}

@compute @workgroup_size(8, 8, 1)
fn matmul_register_vec4(@builtin(global_invocation_id) gid: vec3<u32>) {
  let quadsN = params.N / 4u;
  let quadsK = params.K / 4u;
  if (gid.x >= quadsN) { return; }
  let row0 = gid.y * ROWS;
  if (row0 >= params.M) { return; }
  let batch = gid.z + params.batchStart;
  // In quads: the host guarantees offsets and strides are multiples of 4 elements.
  let aBase = (params.aOffset + i32(batch) * params.aBatchStride) / 4;
  let bBase = (params.bOffset + i32(batch) * params.bBatchStride) / 4;
  let aRowQuads = params.aRowStride / 4;
  let bRowQuads = params.bRowStride / 4;
  // Rows past M repeat the last row (results discarded), so the loop needs no branch.
  let lastRow = params.M - 1u;
  let aRow0 = aBase + i32(min(row0 + 0u, lastRow)) * aRowQuads;
  let aRow1 = aBase + i32(min(row0 + 1u, lastRow)) * aRowQuads;
  let aRow2 = aBase + i32(min(row0 + 2u, lastRow)) * aRowQuads;
  let aRow3 = aBase + i32(min(row0 + 3u, lastRow)) * aRowQuads;
  let aRow4 = aBase + i32(min(row0 + 4u, lastRow)) * aRowQuads;
  let aRow5 = aBase + i32(min(row0 + 5u, lastRow)) * aRowQuads;
  let aRow6 = aBase + i32(min(row0 + 6u, lastRow)) * aRowQuads;
  let aRow7 = aBase + i32(min(row0 + 7u, lastRow)) * aRowQuads;
  var bIndex = bBase + i32(gid.x);
  var acc0 = vec4<f32>(0.0);
  var acc1 = acc0; var acc2 = acc0; var acc3 = acc0;
  var acc4 = acc0; var acc5 = acc0; var acc6 = acc0; var acc7 = acc0;

  for (var kq = 0; kq < i32(quadsK); kq++) {
    let b0 = b4[bIndex];
    let b1 = b4[bIndex + bRowQuads];
    let b2 = b4[bIndex + 2 * bRowQuads];
    let b3 = b4[bIndex + 3 * bRowQuads];
    bIndex += 4 * bRowQuads;
    acc0 = step4(a4[aRow0 + kq], b0, b1, b2, b3, acc0);
    acc1 = step4(a4[aRow1 + kq], b0, b1, b2, b3, acc1);
    acc2 = step4(a4[aRow2 + kq], b0, b1, b2, b3, acc2);
    acc3 = step4(a4[aRow3 + kq], b0, b1, b2, b3, acc3);
    if (ROWS == 8u) {
      acc4 = step4(a4[aRow4 + kq], b0, b1, b2, b3, acc4);
      acc5 = step4(a4[aRow5 + kq], b0, b1, b2, b3, acc5);
      acc6 = step4(a4[aRow6 + kq], b0, b1, b2, b3, acc6);
      acc7 = step4(a4[aRow7 + kq], b0, b1, b2, b3, acc7);
    }
  }

  // N % 4 == 0 here, so each row of the block is one aligned vec4 store.
  let outQuad = (batch * params.M * params.N) / 4u + gid.x;
  storeQuad(outQuad, quadsN, row0 + 0u, acc0);
  storeQuad(outQuad, quadsN, row0 + 1u, acc1);
  storeQuad(outQuad, quadsN, row0 + 2u, acc2);
  storeQuad(outQuad, quadsN, row0 + 3u, acc3);
  if (ROWS == 8u) {
    storeQuad(outQuad, quadsN, row0 + 4u, acc4);
    storeQuad(outQuad, quadsN, row0 + 5u, acc5);
    storeQuad(outQuad, quadsN, row0 + 6u, acc6);
    storeQuad(outQuad, quadsN, row0 + 7u, acc7);
  }
}

fn storeQuad(outQuad: u32, quadsN: u32, row: u32, value: vec4<f32>) {
  if (row < params.M) { out4[outQuad + row * quadsN] = value; }
}

// Row `row` of the block, columns col0..col0+3, skipping what lies outside the matrix.
fn storeStrided(outBase: u32, row: u32, col0: u32, value: vec4<f32>) {
  if (row >= params.M) { return; }
  let rowBase = outBase + row * params.N + col0;
  out[rowBase] = value.x;  // col0 < N is checked on entry
  if (col0 + 1u < params.N) { out[rowBase + 1u] = value.y; }
  if (col0 + 2u < params.N) { out[rowBase + 2u] = value.z; }
  if (col0 + 3u < params.N) { out[rowBase + 3u] = value.w; }
}

@compute @workgroup_size(8, 8, 1)
fn matmul_register_strided(@builtin(global_invocation_id) gid: vec3<u32>) {
  let col0 = gid.x * 4u;
  if (col0 >= params.N) { return; }
  let row0 = gid.y * ROWS;
  if (row0 >= params.M) { return; }
  let batch = gid.z + params.batchStart;
  let aBase = params.aOffset + i32(batch) * params.aBatchStride;
  let bBase = params.bOffset + i32(batch) * params.bBatchStride;
  // Rows past M and columns past N repeat the last one (results discarded).
  let lastRow = params.M - 1u;
  let lastCol = params.N - 1u;
  let aRow0 = aBase + i32(min(row0 + 0u, lastRow)) * params.aRowStride;
  let aRow1 = aBase + i32(min(row0 + 1u, lastRow)) * params.aRowStride;
  let aRow2 = aBase + i32(min(row0 + 2u, lastRow)) * params.aRowStride;
  let aRow3 = aBase + i32(min(row0 + 3u, lastRow)) * params.aRowStride;
  let aRow4 = aBase + i32(min(row0 + 4u, lastRow)) * params.aRowStride;
  let aRow5 = aBase + i32(min(row0 + 5u, lastRow)) * params.aRowStride;
  let aRow6 = aBase + i32(min(row0 + 6u, lastRow)) * params.aRowStride;
  let aRow7 = aBase + i32(min(row0 + 7u, lastRow)) * params.aRowStride;
  let bCol0 = bBase + i32(min(col0 + 0u, lastCol)) * params.bColStride;
  let bCol1 = bBase + i32(min(col0 + 1u, lastCol)) * params.bColStride;
  let bCol2 = bBase + i32(min(col0 + 2u, lastCol)) * params.bColStride;
  let bCol3 = bBase + i32(min(col0 + 3u, lastCol)) * params.bColStride;
  var acc0 = vec4<f32>(0.0);
  var acc1 = acc0; var acc2 = acc0; var acc3 = acc0;
  var acc4 = acc0; var acc5 = acc0; var acc6 = acc0; var acc7 = acc0;

  var aK = 0;  // k * aColStride
  var bK = 0;  // k * bRowStride
  for (var k = 0u; k < params.K; k++) {
    let bRow = vec4<f32>(b[bCol0 + bK], b[bCol1 + bK], b[bCol2 + bK], b[bCol3 + bK]);
    acc0 = fma(vec4(a[aRow0 + aK]), bRow, acc0);
    acc1 = fma(vec4(a[aRow1 + aK]), bRow, acc1);
    acc2 = fma(vec4(a[aRow2 + aK]), bRow, acc2);
    acc3 = fma(vec4(a[aRow3 + aK]), bRow, acc3);
    if (ROWS == 8u) {
      acc4 = fma(vec4(a[aRow4 + aK]), bRow, acc4);
      acc5 = fma(vec4(a[aRow5 + aK]), bRow, acc5);
      acc6 = fma(vec4(a[aRow6 + aK]), bRow, acc6);
      acc7 = fma(vec4(a[aRow7 + aK]), bRow, acc7);
    }
    aK += params.aColStride;
    bK += params.bRowStride;
  }

  let outBase = batch * params.M * params.N;
  storeStrided(outBase, row0 + 0u, col0, acc0);
  storeStrided(outBase, row0 + 1u, col0, acc1);
  storeStrided(outBase, row0 + 2u, col0, acc2);
  storeStrided(outBase, row0 + 3u, col0, acc3);
  if (ROWS == 8u) {
    storeStrided(outBase, row0 + 4u, col0, acc4);
    storeStrided(outBase, row0 + 5u, col0, acc5);
    storeStrided(outBase, row0 + 6u, col0, acc6);
    storeStrided(outBase, row0 + 7u, col0, acc7);
  }
}
