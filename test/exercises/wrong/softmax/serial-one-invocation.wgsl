// Wrong: invocation 0 computes the whole row's softmax alone while the other 63 idle: the values are right, but it makes three passes over the whole row (fails the read budget).
struct Dims {
  rows: u32,
  cols: u32,
}

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> out: array<f32>;
@group(0) @binding(2) var<uniform> dims: Dims;

@compute @workgroup_size(64)
fn main(@builtin(local_invocation_id) local: vec3u,
        @builtin(workgroup_id) wid: vec3u) {
  let start = wid.x * dims.cols;
  if (local.x != 0u) {
    return;
  }
  var m = x[start];
  for (var c = 1u; c < dims.cols; c += 1u) {
    m = max(m, x[start + c]);
  }
  var s = 0.0;
  for (var c = 0u; c < dims.cols; c += 1u) {
    s += exp(x[start + c] - m);
  }
  for (var c = 0u; c < dims.cols; c += 1u) {
    out[start + c] = exp(x[start + c] - m) / s;
  }
}
