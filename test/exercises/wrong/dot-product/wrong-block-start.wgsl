// Wrong: the block starts at 64 * wid.x instead of 256 * wid.x (wrong index formula), so blocks overlap and most elements are counted by the wrong workgroup.
@group(0) @binding(0) var<storage, read> a: array<f32>;
@group(0) @binding(1) var<storage, read> b: array<f32>;
@group(0) @binding(2) var<storage, read_write> partials: array<f32>;
var<workgroup> tile: array<f32, 64>;

@compute @workgroup_size(64)
fn main(@builtin(local_invocation_id) local: vec3u, @builtin(workgroup_id) wid: vec3u) {
  let lid = local.x;
  let n = arrayLength(&a);
  var acc = 0.0;
  for (var k = 0u; k < 4u; k = k + 1u) {
    let i = 64u * wid.x + 64u * k + lid;
    if (i < n) { acc = acc + a[i] * b[i]; }
  }
  tile[lid] = acc;
  workgroupBarrier();
  for (var stride = 32u; stride > 0u; stride = stride / 2u) {
    if (lid < stride) {
      tile[lid] = tile[lid] + tile[lid + stride];
    }
    workgroupBarrier();
  }
  if (lid == 0u) {
    partials[wid.x] = tile[0];
  }
}
