// Wrong: pads with input[0], the first element of the whole array, not of this block: it can beat every value of the last block.
@group(0) @binding(0) var<storage, read> input: array<f32>;
@group(0) @binding(1) var<storage, read_write> maxima: array<f32>;
var<workgroup> tile: array<f32, 64>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(local_invocation_id) local: vec3u, @builtin(workgroup_id) wid: vec3u) {
  let lid = local.x;
  let n = arrayLength(&input);
  var value = input[0];
  if (gid.x < n) {
    value = input[gid.x];
  }
  tile[lid] = value;
  workgroupBarrier();
  for (var stride = 32u; stride > 0u; stride = stride / 2u) {
    if (lid < stride) {
      tile[lid] = max(tile[lid], tile[lid + stride]);
    }
    workgroupBarrier();
  }
  if (lid == 0u) {
    maxima[wid.x] = tile[0];
  }
}
