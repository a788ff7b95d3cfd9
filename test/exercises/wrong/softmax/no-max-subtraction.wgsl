// Unstable: no max subtraction. exp(1000) overflows to inf and exp(-1000) underflows to 0, so those rows become inf/inf or 0/0 = NaN.
struct Dims {
  rows: u32,  // number of rows = number of workgroups
  cols: u32,  // elements per row
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
  let row = wid.x;
  let start = row * dims.cols;  // index of the row's first element

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
    s += exp(x[start + c]);
  }
  scratch[lid] = s;
  workgroupBarrier();
  for (var stride = 32u; stride > 0u; stride = stride / 2u) {
    if (lid < stride) {
      scratch[lid] = scratch[lid] + scratch[lid + stride];
    }
    workgroupBarrier();
  }
  let rowSum = scratch[0];

  for (var c = lid; c < dims.cols; c += 64u) {
    out[start + c] = exp(x[start + c]) / rowSum;
  }
}
