// Wrong: invocation 0 scans the whole row alone while the other 63 idle: the maxima are right, but one invocation does all the work (fails the read budget).
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
  let row = wid.x;
  let start = row * dims.cols;
  if (local.x == 0u) {
    var best = x[start];
    for (var c = 1u; c < dims.cols; c += 1u) {
      best = max(best, x[start + c]);
    }
    out[row] = best;
  }
}
