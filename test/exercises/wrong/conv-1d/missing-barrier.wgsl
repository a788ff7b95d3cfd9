// Wrong: no barrier after loading the tile: an invocation can read a neighbour's slot before the neighbour has written it (a data race).
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
  tile[lid] = load(start + i32(lid));
  if (lid < 4u) {
    tile[64u + lid] = load(start + 64 + i32(lid));
  }
  if (gid.x < n) {
    y[gid.x] = w[0] * tile[lid] + w[1] * tile[lid + 1u] + w[2] * tile[lid + 2u] + w[3] * tile[lid + 3u] + w[4] * tile[lid + 4u];
  }
}
