// Batched matmul, tiled: out[b, m, n] = sum_k a[b, m, k] * b[b, k, n].
//
// Each workgroup of 8 x 8 = 64 invocations computes a 32 x 32 tile of the
// output; each invocation owns a 4 x 4 block of it, kept in registers (acc).
// K is walked in steps of 32: the workgroup first copies a 32 x 32 slab of a
// and of b into workgroup memory (each invocation loads 4 quads of each), waits
// at a barrier, then every invocation multiplies its 4 rows of the a-slab with
// its 4 columns of the b-slab. Every element loaded from global memory is thus
// reused 32 times from fast workgroup memory, and every value read from
// workgroup memory is used for 4 multiply-adds.
//
// Two entry points share that core and differ only in how they load:
// - matmul_tiled_vec4 reads whole vec4s when both operands are row-major
//   along their last axis and every quad is 16-byte aligned (the host checks:
//   K and N multiples of 4, offsets and strides multiples of 4);
// - matmul_tiled_strided reads any strided view (transposed, sliced,
//   broadcast batch) one element at a time.
// Loads outside [M, K] / [K, N] read 0 and stores outside [M, N] are skipped,
// so every shape works, including 1, primes and non-multiples of 32.

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

const TILE = 32u;       // output tile edge
const TILE_K = 32u;     // depth of one slab
const QUADS = 8u;       // vec4s per slab row: TILE_K / 4 == TILE / 4

@group(0) @binding(0) var<storage, read> a: array<f32>;
@group(0) @binding(1) var<storage, read> b: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;
@group(0) @binding(3) var<uniform> params: Params;
// The same buffers seen as vec4s, used only by matmul_tiled_vec4.
@group(0) @binding(0) var<storage, read> a4: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read> b4: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read_write> out4: array<vec4<f32>>;

// Slab of a: TILE rows (m) x TILE_K/4 quads along k.
var<workgroup> slabA: array<vec4<f32>, 256>;
// Slab of b: TILE_K rows (k) x TILE/4 quads along n.
var<workgroup> slabB: array<vec4<f32>, 256>;
// This invocation's 4 x 4 outputs: accN holds row N, columns as a vec4. Four
// named variables rather than an array: indexing an array with a loop counter
// made SwiftShader keep it in memory (measured ~25% slower).
var<private> acc0: vec4<f32>;
var<private> acc1: vec4<f32>;
var<private> acc2: vec4<f32>;
var<private> acc3: vec4<f32>;

fn accRow(i: u32) -> vec4<f32> {
  switch i {
    case 0u: { return acc0; }
    case 1u: { return acc1; }
    case 2u: { return acc2; }
    default: { return acc3; }
  }
}

fn multiplySlabs(tx: u32, ty: u32) {
  for (var kq = 0u; kq < QUADS; kq++) {
    // Four k-rows of this invocation's 4 columns of b...
    let b0 = slabB[(kq * 4u + 0u) * QUADS + tx];
    let b1 = slabB[(kq * 4u + 1u) * QUADS + tx];
    let b2 = slabB[(kq * 4u + 2u) * QUADS + tx];
    let b3 = slabB[(kq * 4u + 3u) * QUADS + tx];
    // ...times the same four k of each of its 4 rows of a: 64 multiply-adds from 8 vec4 reads.
    let a0 = slabA[(ty * 4u + 0u) * QUADS + kq];
    let a1 = slabA[(ty * 4u + 1u) * QUADS + kq];
    let a2 = slabA[(ty * 4u + 2u) * QUADS + kq];
    let a3 = slabA[(ty * 4u + 3u) * QUADS + kq];
    acc0 = fma(vec4(a0.x), b0, fma(vec4(a0.y), b1, fma(vec4(a0.z), b2, fma(vec4(a0.w), b3, acc0))));
    acc1 = fma(vec4(a1.x), b0, fma(vec4(a1.y), b1, fma(vec4(a1.z), b2, fma(vec4(a1.w), b3, acc1))));
    acc2 = fma(vec4(a2.x), b0, fma(vec4(a2.y), b1, fma(vec4(a2.z), b2, fma(vec4(a2.w), b3, acc2))));
    acc3 = fma(vec4(a3.x), b0, fma(vec4(a3.y), b1, fma(vec4(a3.z), b2, fma(vec4(a3.w), b3, acc3))));
  }
}

// a[m, k..k+3] through the strides, zero outside the matrix.
fn loadQuadA(base: i32, m: u32, k: u32) -> vec4<f32> {
  var v = vec4<f32>(0.0);
  if (m < params.M) {
    let rowBase = base + i32(m) * params.aRowStride;
    for (var j = 0u; j < 4u; j++) {
      if (k + j < params.K) { v[j] = a[rowBase + i32(k + j) * params.aColStride]; }
    }
  }
  return v;
}

// b[k, n..n+3] through the strides, zero outside the matrix.
fn loadQuadB(base: i32, k: u32, n: u32) -> vec4<f32> {
  var v = vec4<f32>(0.0);
  if (k < params.K) {
    let rowBase = base + i32(k) * params.bRowStride;
    for (var j = 0u; j < 4u; j++) {
      if (n + j < params.N) { v[j] = b[rowBase + i32(n + j) * params.bColStride]; }
    }
  }
  return v;
}

@compute @workgroup_size(8, 8, 1)
fn matmul_tiled_strided(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let batch = wid.z + params.batchStart;
  let row0 = wid.y * TILE;
  let col0 = wid.x * TILE;
  let thread = lid.y * 8u + lid.x;
  let aBase = params.aOffset + i32(batch) * params.aBatchStride;
  let bBase = params.bOffset + i32(batch) * params.bBatchStride;
  acc0 = vec4<f32>(0.0);
  acc1 = acc0;
  acc2 = acc0;
  acc3 = acc0;

  for (var k0 = 0u; k0 < params.K; k0 += TILE_K) {
    for (var i = 0u; i < 4u; i++) {
      let slot = thread + i * 64u;
      slabA[slot] = loadQuadA(aBase, row0 + slot / QUADS, k0 + (slot % QUADS) * 4u);
      slabB[slot] = loadQuadB(bBase, k0 + slot / QUADS, col0 + (slot % QUADS) * 4u);
    }
    workgroupBarrier();
    multiplySlabs(lid.x, lid.y);
    workgroupBarrier();
  }

  let outBase = batch * params.M * params.N;
  let col = col0 + lid.x * 4u;
  for (var i = 0u; i < 4u; i++) {
    let row = row0 + lid.y * 4u + i;
    if (row < params.M) {
      for (var j = 0u; j < 4u; j++) {
        if (col + j < params.N) { out[outBase + row * params.N + col + j] = accRow(i)[j]; }
      }
    }
  }
}

@compute @workgroup_size(8, 8, 1)
fn matmul_tiled_vec4(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let batch = wid.z + params.batchStart;
  let row0 = wid.y * TILE;
  let col0 = wid.x * TILE;
  let thread = lid.y * 8u + lid.x;
  // In quads: the host guarantees all of these are multiples of 4 elements.
  let aBase = (params.aOffset + i32(batch) * params.aBatchStride) / 4;
  let bBase = (params.bOffset + i32(batch) * params.bBatchStride) / 4;
  let aRowQuads = params.aRowStride / 4;
  let bRowQuads = params.bRowStride / 4;
  acc0 = vec4<f32>(0.0);
  acc1 = acc0;
  acc2 = acc0;
  acc3 = acc0;

  for (var k0 = 0u; k0 < params.K; k0 += TILE_K) {
    for (var i = 0u; i < 4u; i++) {
      let slot = thread + i * 64u;
      let m = row0 + slot / QUADS;
      let ka = k0 + (slot % QUADS) * 4u;
      // K % 4 == 0, so a quad is either wholly inside or wholly outside.
      var quadA = vec4<f32>(0.0);
      if (m < params.M && ka < params.K) { quadA = a4[aBase + i32(m) * aRowQuads + i32(ka / 4u)]; }
      slabA[slot] = quadA;
      let kb = k0 + slot / QUADS;
      let n = col0 + (slot % QUADS) * 4u;
      var quadB = vec4<f32>(0.0);
      if (kb < params.K && n < params.N) { quadB = b4[bBase + i32(kb) * bRowQuads + i32(n / 4u)]; }
      slabB[slot] = quadB;
    }
    workgroupBarrier();
    multiplySlabs(lid.x, lid.y);
    workgroupBarrier();
  }

  // N % 4 == 0 here too, so each row of 4 outputs is one aligned vec4 store.
  let outBase = batch * params.M * params.N;
  let col = col0 + lid.x * 4u;
  if (col < params.N) {
    for (var i = 0u; i < 4u; i++) {
      let row = row0 + lid.y * 4u + i;
      if (row < params.M) { out4[(outBase + row * params.N + col) / 4u] = accRow(i); }
    }
  }
}
