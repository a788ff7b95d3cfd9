// Wrong: the edge invocations load the right halo from x[gid + 4] instead of x[gid + 2] (mixing up the tile offset with the global offset).
@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read> w: array<f32>;
@group(0) @binding(2) var<storage, read_write> y: array<f32>;
var<workgroup> tile: array<f32, 68>;

fn load(j: i32) -> f32 {
  if (j < 0 || j >= i32(arrayLength(&x))) {
    return 0.0;
  }
  return x[j];
}

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(local_invocation_id) local: vec3u, @builtin(workgroup_id) wid: vec3u) {
  let lid = local.x;
  let n = arrayLength(&x);
  let start = i32(64u * wid.x) - 2;
  let i = i32(gid.x);
  tile[lid + 2u] = load(i);
  if (lid < 2u) { tile[lid] = load(i - 2); }
  if (lid >= 62u) { tile[lid + 4u] = load(i + 4); }
  workgroupBarrier();
  if (gid.x < n) {
    y[gid.x] = w[0] * tile[lid] + w[1] * tile[lid + 1u] + w[2] * tile[lid + 2u] + w[3] * tile[lid + 3u] + w[4] * tile[lid + 4u];
  }
}
