struct Dims {
  rows: u32,  // number of rows = number of workgroups
  cols: u32,  // elements per row
}

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> out: array<f32>;
@group(0) @binding(2) var<uniform> dims: Dims;

var<workgroup> tile: array<f32, 64>;

// The most negative finite f32. The identity of max is −∞, which WGSL cannot
// write as a literal; this value works as well, because every finite input is
// at least as large, so it can never be the maximum of a non-empty row.
const LOWEST: f32 = -3.4028234663852886e38;

@compute @workgroup_size(64)
fn main(@builtin(local_invocation_id) local: vec3u,
        @builtin(workgroup_id) wid: vec3u) {
  let lid = local.x;
  let row = wid.x;
  let start = row * dims.cols;  // index of the row's first element

  // Block-stride loop: the 64 invocations cover columns 0..cols-1 between them,
  // each exactly once. An invocation with no column (lid >= cols) keeps LOWEST,
  // so its slot in the tree cannot win; 0 would win over an all-negative row.
  var best = LOWEST;
  for (var c = lid; c < dims.cols; c += 64u) {
    best = max(best, x[start + c]);
  }

  // Every invocation writes its slot, also those without a column: workgroup
  // memory starts as zeros, and an unwritten 0 would win like a 0 pad.
  tile[lid] = best;
  workgroupBarrier();

  // max is associative and commutative, so the tree may regroup freely.
  // The stride is the same for every invocation: every invocation reaches
  // every barrier.
  for (var stride = 32u; stride > 0u; stride = stride / 2u) {
    if (lid < stride) {
      tile[lid] = max(tile[lid], tile[lid + stride]);
    }
    // The next round reads slots written in this one.
    workgroupBarrier();
  }

  if (lid == 0u) {
    out[row] = tile[0];
  }
}
