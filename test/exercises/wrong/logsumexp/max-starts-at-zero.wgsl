// Wrong identity: the running maximum starts at 0, so for a row of logits near -1000 every exp(v - 0) underflows to 0 and the result is log 0 = -inf.
struct Dims {
  rows: u32,  // number of rows = number of workgroups
  cols: u32,  // elements per row
}

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> out: array<f32>;
@group(0) @binding(2) var<uniform> dims: Dims;

var<workgroup> tileMax: array<f32, 64>;
var<workgroup> tileSum: array<f32, 64>;

const LOWEST: f32 = -3.4028234663852886e38;

@compute @workgroup_size(64)
fn main(@builtin(local_invocation_id) local: vec3u,
        @builtin(workgroup_id) wid: vec3u) {
  let lid = local.x;
  let row = wid.x;
  let start = row * dims.cols;  // index of the row's first element

  var m = 0.0;
  var d = 0.0;
  for (var c = lid; c < dims.cols; c += 64u) {
    let v = x[start + c];  // the only read of this element
    let mNew = max(m, v);
    d = d * exp(m - mNew) + exp(v - mNew);
    m = mNew;
  }

  tileMax[lid] = m;
  tileSum[lid] = d;
  workgroupBarrier();

  for (var stride = 32u; stride > 0u; stride = stride / 2u) {
    if (lid < stride) {
      let m1 = tileMax[lid];
      let m2 = tileMax[lid + stride];
      let top = max(m1, m2);
      tileSum[lid] = tileSum[lid] * exp(m1 - top) + tileSum[lid + stride] * exp(m2 - top);
      tileMax[lid] = top;
    }
    workgroupBarrier();
  }

  if (lid == 0u) {
    out[row] = tileMax[0] + log(tileSum[0]);
  }
}
