@group(0) @binding(0) var<storage, read> input: array<f32>;
@group(0) @binding(1) var<storage, read_write> partials: array<f32>;

// Workgroup memory: one copy per workgroup, shared by its 64 invocations.
var<workgroup> tile: array<f32, 64>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u,
        @builtin(local_invocation_id) local: vec3u,
        @builtin(workgroup_id) wid: vec3u) {
  let lid = local.x;
  // Past the end of the input, load 0: it leaves the sum unchanged. (Not
  // select(0.0, input[gid.x], ...): select evaluates both sides, so it would
  // still read past the end of the buffer.)
  var value = 0.0;
  if (gid.x < arrayLength(&input)) {
    value = input[gid.x];
  }
  tile[lid] = value;
  // Every load must land before anyone reads a neighbour's slot.
  workgroupBarrier();

  // Six rounds (stride 32, 16, 8, 4, 2, 1): each halves the values left.
  // The stride is the same for every invocation, so every invocation reaches
  // every barrier, as WGSL requires (barriers need uniform control flow).
  for (var stride = 32u; stride > 0u; stride = stride / 2u) {
    if (lid < stride) {
      tile[lid] = tile[lid] + tile[lid + stride];
    }
    // Without this barrier an invocation could read tile[lid + stride]
    // before its owner has added into it this round: a data race.
    workgroupBarrier();
  }

  if (lid == 0u) {
    partials[wid.x] = tile[0];
  }
}
