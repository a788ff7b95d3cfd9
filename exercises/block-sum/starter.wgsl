@group(0) @binding(0) var<storage, read> input: array<f32>;
@group(0) @binding(1) var<storage, read_write> partials: array<f32>;

var<workgroup> tile: array<f32, 64>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u,
        @builtin(local_invocation_id) local: vec3u,
        @builtin(workgroup_id) wid: vec3u) {
  let lid = local.x;
  // Each invocation loads one element of the block (0 past the end).
  var value = 0.0;
  if (gid.x < arrayLength(&input)) {
    value = input[gid.x];
  }
  tile[lid] = value;
  workgroupBarrier();

  // TODO: add up the 64 values of tile with a reduction tree, so that tile[0]
  // holds the sum of the block. Remember workgroupBarrier() between rounds.

  if (lid == 0u) {
    partials[wid.x] = tile[0];
  }
}
