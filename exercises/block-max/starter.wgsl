@group(0) @binding(0) var<storage, read> input: array<f32>;
@group(0) @binding(1) var<storage, read_write> maxima: array<f32>;

var<workgroup> tile: array<f32, 64>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u,
        @builtin(local_invocation_id) local: vec3u,
        @builtin(workgroup_id) wid: vec3u) {
  let lid = local.x;
  let n = arrayLength(&input);

  // TODO: load input[gid.x] into tile[lid]. Invocations past the end (gid.x >= n)
  // need a padding value that can never be the maximum of the block.
  tile[lid] = 0.0;
  workgroupBarrier();

  // TODO: reduce tile to its maximum with a tree (strides 32, 16, ..., 1),
  // with a workgroupBarrier() after every round.

  if (lid == 0u) {
    maxima[wid.x] = tile[0];
  }
}
