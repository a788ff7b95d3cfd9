// Missing guard: each invocation starts from x[start + lid] without checking lid < cols, so in short rows idle invocations read the next row (or past the end of x).
struct Dims {
  rows: u32,  // number of rows = number of workgroups
  cols: u32,  // elements per row
}

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> out: array<f32>;
@group(0) @binding(2) var<uniform> dims: Dims;

var<workgroup> tile: array<f32, 64>;

const LOWEST: f32 = -3.4028234663852886e38;

@compute @workgroup_size(64)
fn main(@builtin(local_invocation_id) local: vec3u,
        @builtin(workgroup_id) wid: vec3u) {
  let lid = local.x;
  let row = wid.x;
  let start = row * dims.cols;  // index of the row's first element

  var best = x[start + lid];
  for (var c = lid + 64u; c < dims.cols; c += 64u) {
    best = max(best, x[start + c]);
  }

  tile[lid] = best;
  workgroupBarrier();

  for (var stride = 32u; stride > 0u; stride = stride / 2u) {
    if (lid < stride) {
      tile[lid] = max(tile[lid], tile[lid + stride]);
    }
    workgroupBarrier();
  }

  if (lid == 0u) {
    out[row] = tile[0];
  }
}
