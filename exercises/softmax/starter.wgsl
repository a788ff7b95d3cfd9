struct Dims {
  rows: u32,  // number of rows = number of workgroups
  cols: u32,  // elements per row
}

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> out: array<f32>;
@group(0) @binding(2) var<uniform> dims: Dims;

var<workgroup> scratch: array<f32, 64>;

// The most negative finite f32: the identity for max (WGSL has no −∞ literal).
const LOWEST: f32 = -3.4028234663852886e38;

@compute @workgroup_size(64)
fn main(@builtin(local_invocation_id) local: vec3u,
        @builtin(workgroup_id) wid: vec3u) {
  let lid = local.x;
  let row = wid.x;
  let start = row * dims.cols;  // index of the row's first element

  // TODO pass 1: the row maximum. Each invocation's running maximum of its
  // columns lid, lid + 64, ... into scratch[lid], then a max-tree.
  let rowMax = 0.0;

  // TODO pass 2: the sum of exp(x - rowMax) over the row, reduced with a
  // sum-tree in scratch. Mind the barrier before scratch is overwritten.
  var rowSum = 0.0;
  for (var c = lid; c < dims.cols; c += 64u) {
    rowSum += exp(x[start + c]);
  }

  // Pass 3: the probabilities.
  for (var c = lid; c < dims.cols; c += 64u) {
    out[start + c] = exp(x[start + c] - rowMax) / rowSum;
  }
}
