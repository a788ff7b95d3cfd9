// Two passes: finds the row maximum first, then sums exp(x - max). The values are right and stable, but every element of x is read twice (fails the one-pass budget).
struct Dims {
  rows: u32,
  cols: u32,
}

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> out: array<f32>;
@group(0) @binding(2) var<uniform> dims: Dims;

var<workgroup> scratch: array<f32, 64>;

const LOWEST: f32 = -3.4028234663852886e38;

@compute @workgroup_size(64)
fn main(@builtin(local_invocation_id) local: vec3u,
        @builtin(workgroup_id) wid: vec3u) {
  let lid = local.x;
  let start = wid.x * dims.cols;

  var m = LOWEST;
  for (var c = lid; c < dims.cols; c += 64u) {
    m = max(m, x[start + c]);
  }
  scratch[lid] = m;
  workgroupBarrier();
  for (var stride = 32u; stride > 0u; stride = stride / 2u) {
    if (lid < stride) {
      scratch[lid] = max(scratch[lid], scratch[lid + stride]);
    }
    workgroupBarrier();
  }
  let rowMax = scratch[0];
  workgroupBarrier();

  var s = 0.0;
  for (var c = lid; c < dims.cols; c += 64u) {
    s += exp(x[start + c] - rowMax);
  }
  scratch[lid] = s;
  workgroupBarrier();
  for (var stride = 32u; stride > 0u; stride = stride / 2u) {
    if (lid < stride) {
      scratch[lid] = scratch[lid] + scratch[lid + stride];
    }
    workgroupBarrier();
  }
  if (lid == 0u) {
    out[wid.x] = rowMax + log(scratch[0]);
  }
}
