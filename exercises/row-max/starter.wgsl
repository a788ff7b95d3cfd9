struct Dims {
  rows: u32,  // number of rows = number of workgroups
  cols: u32,  // elements per row
}

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> out: array<f32>;
@group(0) @binding(2) var<uniform> dims: Dims;

var<workgroup> tile: array<f32, 64>;

@compute @workgroup_size(64)
fn main(@builtin(local_invocation_id) local: vec3u,
        @builtin(workgroup_id) wid: vec3u) {
  let lid = local.x;
  let row = wid.x;
  let start = row * dims.cols;  // index of the row's first element

  // TODO: the largest of this invocation's columns lid, lid + 64, ... below
  // dims.cols. Pick a starting value that can never beat a real element.
  var best = 0.0;

  tile[lid] = best;
  workgroupBarrier();

  // TODO: combine the 64 values in tile with a max-tree (strides 32, 16, ..., 1)
  // and a workgroupBarrier() after every round.

  if (lid == 0u) {
    out[row] = tile[0];
  }
}
