@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read> w: array<f32>; // 5 weights
@group(0) @binding(2) var<storage, read_write> y: array<f32>;

// The block's 64 elements plus a halo of 2 on each side.
var<workgroup> tile: array<f32, 68>;

// x[j], or 0 outside the array: the zero padding at both ends.
fn load(j: i32) -> f32 {
  if (j < 0 || j >= i32(arrayLength(&x))) {
    return 0.0;
  }
  return x[j];
}

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u,
        @builtin(local_invocation_id) local: vec3u,
        @builtin(workgroup_id) wid: vec3u) {
  let lid = local.x;
  let n = arrayLength(&x);
  // Global index of tile[0]: two before the block's first element.
  let start = i32(64u * wid.x) - 2;

  // TODO: fill tile[0..67] with x[start .. start + 67] (use load), then make
  // sure every slot has been written before any invocation reads the tile.

  // TODO: if gid.x < n, set y[gid.x] to the five-tap sum over tile[lid .. lid + 4].
}
