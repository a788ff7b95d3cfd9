struct Dims {
  m: u32,  // rows of A and of C
  k: u32,  // columns of A = rows of B
  n: u32,  // columns of B and of C
}

@group(0) @binding(0) var<storage, read> a: array<f32>;        // M × K, row-major
@group(0) @binding(1) var<storage, read> b: array<f32>;        // K × N, row-major
@group(0) @binding(2) var<storage, read_write> c: array<f32>;  // M × N, row-major, then spare rows
@group(0) @binding(3) var<uniform> dims: Dims;

const TILE = 16u;

// The 16 × 16 piece of A (rows of this workgroup's block of C) and of B
// (its columns) for the current step along K: 2 × 1 KiB of workgroup memory.
var<workgroup> tile_a: array<array<f32, 16>, 16>;
var<workgroup> tile_b: array<array<f32, 16>, 16>;

@compute @workgroup_size(16, 16)
fn main(@builtin(global_invocation_id) id: vec3u,
        @builtin(local_invocation_id) local: vec3u) {
  let col = id.x;
  let row = id.y;
  let tx = local.x;
  let ty = local.y;

  var sum = 0.0;
  // Every invocation runs every step, even the spare ones past M or N: they
  // load their slot (a zero) and reach both barriers, which WGSL requires of
  // all invocations of the workgroup. `steps` comes from a uniform, so every
  // invocation takes the same number of trips around the loop.
  let steps = (dims.k + TILE - 1u) / TILE;
  for (var t = 0u; t < steps; t++) {
    // Each invocation copies one element of each tile. Along a row of
    // invocations (tx = 0..15) the addresses are consecutive in both loads,
    // so a warp's loads combine into a few wide memory transactions.
    // Slots past the edge of A or B get 0: the last step along K may be
    // partial, and a zero there adds nothing to the dot products, whereas a
    // value left over from the previous step would.
    let a_col = t * TILE + tx;
    if (row < dims.m && a_col < dims.k) {
      tile_a[ty][tx] = a[row * dims.k + a_col];
    } else {
      tile_a[ty][tx] = 0.0;
    }
    let b_row = t * TILE + ty;
    if (b_row < dims.k && col < dims.n) {
      tile_b[ty][tx] = b[b_row * dims.n + col];
    } else {
      tile_b[ty][tx] = 0.0;
    }
    // Invocation (tx, ty) is about to read row ty of tile_a and column tx of
    // tile_b: 32 slots, 30 of them written by other invocations. Wait until all are there.
    workgroupBarrier();

    // 16 multiply-adds from workgroup memory. Each element loaded above is
    // used 16 times in the workgroup: A's by the 16 invocations of its row,
    // B's by the 16 of its column. That reuse is the point of tiling.
    for (var i = 0u; i < TILE; i++) {
      sum += tile_a[ty][i] * tile_b[i][tx];
    }
    // Without this barrier a fast invocation would start the next step and
    // overwrite its slots while slower ones still read this step's values.
    workgroupBarrier();
  }

  if (row < dims.m && col < dims.n) {
    c[row * dims.n + col] = sum;
  }
}
