// Softmax and log-softmax along the middle axis of a contiguous float32 tensor
// viewed as [outer, size, inner], fused into one dispatch: per row, find the
// maximum, sum exp(x - max), then write exp(x - max) / sum (or
// x - max - log(sum)). Composed from separate ops this was five dispatches
// and four full-size intermediates; fused, x is read three times and out
// written once.
//
// Subtracting the row maximum first is what keeps large logits finite:
// exp(89) already overflows f32, while exp(x - max) <= 1.
//
// Two strategies, picked on the host (kernels/softmax.ts), as for reductions:
// - softmax_workgroup: one workgroup per row; strided loops plus two trees
//   through workgroup memory (max, then sum). For long rows.
// - softmax_serial: one invocation per row. For many short rows, and on
//   software adapters where a workgroup's invocations take turns on one thread.

struct Params {
  outer: u32,
  size: u32,
  inner: u32,
  numRows: u32,
}

override LOG: bool = false;
override WORKGROUP_SIZE: u32 = 64u;

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> out: array<f32>;
@group(0) @binding(2) var<uniform> params: Params;

var<workgroup> partial: array<f32, WORKGROUP_SIZE>;

// The lowest finite f32 starts the maximum (an infinite constant is a shader-creation error).
const LOWEST = -3.4028234663852886e38;

fn rowStart(row: u32) -> u32 {
  return (row / params.inner) * params.size * params.inner + row % params.inner;
}

fn finish(v: f32, rowMax: f32, sum: f32) -> f32 {
  if (LOG) { return v - rowMax - log(sum); }
  return exp(v - rowMax) / sum;
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn softmax_workgroup(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
                     @builtin(local_invocation_index) lid: u32) {
  let row = wid.y * nwg.x + wid.x;
  if (row >= params.numRows) { return; }  // uniform per workgroup: the barriers below stay valid
  let start = rowStart(row);
  let stride = params.inner;

  var m = LOWEST;
  for (var r = lid; r < params.size; r += WORKGROUP_SIZE) { m = max(m, x[start + r * stride]); }
  partial[lid] = m;
  for (var span = WORKGROUP_SIZE / 2u; span > 0u; span = span / 2u) {
    workgroupBarrier();
    if (lid < span) { partial[lid] = max(partial[lid], partial[lid + span]); }
  }
  workgroupBarrier();
  let rowMax = partial[0];
  // Everyone has read the maximum before the slots are reused for the sum.
  workgroupBarrier();

  var s = 0.0;
  for (var r = lid; r < params.size; r += WORKGROUP_SIZE) { s += exp(x[start + r * stride] - rowMax); }
  partial[lid] = s;
  for (var span = WORKGROUP_SIZE / 2u; span > 0u; span = span / 2u) {
    workgroupBarrier();
    if (lid < span) { partial[lid] += partial[lid + span]; }
  }
  workgroupBarrier();
  let sum = partial[0];

  for (var r = lid; r < params.size; r += WORKGROUP_SIZE) {
    let at = start + r * stride;
    out[at] = finish(x[at], rowMax, sum);
  }
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn softmax_serial(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
                  @builtin(local_invocation_index) lid: u32) {
  let row = (wid.y * nwg.x + wid.x) * WORKGROUP_SIZE + lid;
  if (row >= params.numRows) { return; }
  let start = rowStart(row);
  let stride = params.inner;
  var rowMax = LOWEST;
  for (var r = 0u; r < params.size; r++) { rowMax = max(rowMax, x[start + r * stride]); }
  var sum = 0.0;
  for (var r = 0u; r < params.size; r++) { sum += exp(x[start + r * stride] - rowMax); }
  for (var r = 0u; r < params.size; r++) {
    let at = start + r * stride;
    out[at] = finish(x[at], rowMax, sum);
  }
}
