@group(0) @binding(0) var<storage, read> a: array<f32>;
@group(0) @binding(1) var<storage, read> b: array<f32>;
@group(0) @binding(2) var<storage, read_write> partials: array<f32>;

var<workgroup> tile: array<f32, 64>;

@compute @workgroup_size(64)
fn main(@builtin(local_invocation_id) local: vec3u,
        @builtin(workgroup_id) wid: vec3u) {
  let lid = local.x;
  let n = arrayLength(&a);

  var acc = 0.0;
  // TODO: add a[i] * b[i] into acc for this invocation's four elements
  // i = 256 * wid.x + lid + 64 * k (k = 0, 1, 2, 3), skipping any i >= n.

  tile[lid] = acc;
  workgroupBarrier();

  // TODO: reduce tile to its sum in tile[0] with a tree and barriers.

  if (lid == 0u) {
    partials[wid.x] = tile[0];
  }
}
