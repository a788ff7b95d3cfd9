// Batched matmul for shapes where tiling does not pay off (see kernels/matmul.ts
// for the choice). Same Params and strided addressing as matmul-tiled.wgsl.
//
// - matmul_per_output: one invocation per output element walks K alone. Good
//   when there are many outputs but little work per output (tiny matrices), so
//   loading slabs and waiting at barriers would cost more than it saves.
// - matmul_dot: one workgroup per output element for few outputs with a long
//   K (e.g. a [1, K] x [K, 3] head): the 64 invocations each sum every 64th
//   product, then add their partial sums in a tree through workgroup memory.

struct Params {
  M: u32,
  N: u32,
  K: u32,
  batchStart: u32,
  aOffset: i32,
  aBatchStride: i32,
  aRowStride: i32,
  aColStride: i32,
  bOffset: i32,
  bBatchStride: i32,
  bRowStride: i32,
  bColStride: i32,
  batchCount: u32,
}

const DOT_THREADS = 64u;

@group(0) @binding(0) var<storage, read> a: array<f32>;
@group(0) @binding(1) var<storage, read> b: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;
@group(0) @binding(3) var<uniform> params: Params;

var<workgroup> partialSums: array<f32, DOT_THREADS>;

// Where output `o` (flat over [batch, M, N], counted from batchStart) reads from.
struct Operands {
  aStart: i32,  // a[batch, m, 0]
  bStart: i32,  // b[batch, 0, n]
}

fn operandsOf(o: u32) -> Operands {
  let perBatch = params.M * params.N;
  let batch = o / perBatch + params.batchStart;
  let m = (o % perBatch) / params.N;
  let n = o % params.N;
  return Operands(
    params.aOffset + i32(batch) * params.aBatchStride + i32(m) * params.aRowStride,
    params.bOffset + i32(batch) * params.bBatchStride + i32(n) * params.bColStride,
  );
}

@compute @workgroup_size(64)
fn matmul_per_output(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
                     @builtin(local_invocation_index) lid: u32) {
  let o = (wid.y * nwg.x + wid.x) * 64u + lid;
  if (o >= params.batchCount * params.M * params.N) { return; }
  let at = operandsOf(o);
  var sum = 0.0;
  for (var k = 0u; k < params.K; k++) {
    sum = fma(a[at.aStart + i32(k) * params.aColStride], b[at.bStart + i32(k) * params.bRowStride], sum);
  }
  out[params.batchStart * params.M * params.N + o] = sum;
}

@compute @workgroup_size(DOT_THREADS)
fn matmul_dot(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
              @builtin(local_invocation_index) lid: u32) {
  let o = wid.y * nwg.x + wid.x;
  // Uniform per workgroup (2-D folding can add spare workgroups), so the barriers stay valid.
  if (o >= params.batchCount * params.M * params.N) { return; }
  let at = operandsOf(o);
  var sum = 0.0;
  for (var k = lid; k < params.K; k += DOT_THREADS) {
    sum = fma(a[at.aStart + i32(k) * params.aColStride], b[at.bStart + i32(k) * params.bRowStride], sum);
  }
  partialSums[lid] = sum;
  for (var span = DOT_THREADS / 2u; span > 0u; span = span / 2u) {
    workgroupBarrier();
    if (lid < span) { partialSums[lid] += partialSums[lid + span]; }
  }
  if (lid == 0u) { out[params.batchStart * params.M * params.N + o] = partialSums[0]; }
}
