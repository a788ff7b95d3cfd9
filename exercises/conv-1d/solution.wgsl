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
  let start = i32(64u * wid.x) - 2;

  // 68 slots for 64 invocations: everyone fills slot lid (0..63), and the
  // first four also fill 64..67. Each element of x is read from storage once
  // per workgroup (the 4 halo elements twice: once by each neighbouring
  // workgroup) instead of five times.
  tile[lid] = load(start + i32(lid));
  if (lid < 4u) {
    tile[64u + lid] = load(start + 64 + i32(lid));
  }
  // Invocation lid reads slots lid..lid+4, written by four other invocations
  // (slots 64..67 by invocations 0..3). Without the barrier it could read a
  // slot before its owner has filled it. Invocations past n do not return
  // early: they load their (zero) slot and reach the barrier, which WGSL
  // requires of every invocation in the workgroup.
  workgroupBarrier();

  if (gid.x < n) {
    y[gid.x] = w[0] * tile[lid] + w[1] * tile[lid + 1u] + w[2] * tile[lid + 2u]
             + w[3] * tile[lid + 3u] + w[4] * tile[lid + 4u];
  }
}
