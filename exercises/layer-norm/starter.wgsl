struct Dims {
  rows: u32,  // vectors to normalise (one workgroup each)
  cols: u32,  // features per vector
}

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read> gamma: array<f32>;
@group(0) @binding(2) var<storage, read> beta: array<f32>;
@group(0) @binding(3) var<storage, read_write> out: array<f32>;
@group(0) @binding(4) var<uniform> dims: Dims;

const WORKGROUP_SIZE: u32 = 64u;
const EPS: f32 = 1e-5;

// Workgroup memory for the reductions: one slot per invocation.
var<workgroup> partial: array<f32, 64>;

@compute @workgroup_size(64)
fn main(@builtin(local_invocation_id) local: vec3u,
        @builtin(workgroup_id) wid: vec3u) {
  let lid = local.x;
  let cols = dims.cols;
  let start = wid.x * cols;  // this workgroup's row: x[start] .. x[start + cols - 1]

  // TODO: the mean of the row. Each invocation adds up columns lid, lid + 64,
  // lid + 128, ... then the workgroup combines the 64 partial sums with a
  // reduction tree in `partial`.
  let mean = 0.0;

  // TODO: the (biased) variance: the mean of (x - mean)² over the row, by a
  // second reduction. `partial` is reused: mind the barriers.
  let variance = 1.0;

  let scale = inverseSqrt(variance + EPS);
  for (var c = lid; c < cols; c += WORKGROUP_SIZE) {
    out[start + c] = (x[start + c] - mean) * scale * gamma[c] + beta[c];
  }
}
