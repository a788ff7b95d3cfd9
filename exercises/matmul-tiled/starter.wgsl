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

// This step's 16 × 16 piece of A and of B, shared by the workgroup.
var<workgroup> tile_a: array<array<f32, 16>, 16>;
var<workgroup> tile_b: array<array<f32, 16>, 16>;

@compute @workgroup_size(16, 16)
fn main(@builtin(global_invocation_id) id: vec3u,
        @builtin(local_invocation_id) local: vec3u) {
  let col = id.x;   // column of C
  let row = id.y;   // row of C
  let tx = local.x; // column inside the tiles
  let ty = local.y; // row inside the tiles

  var sum = 0.0;
  let steps = (dims.k + TILE - 1u) / TILE;
  for (var t = 0u; t < steps; t++) {
    // TODO: copy A[row][t * 16 + tx] into tile_a[ty][tx] and
    // B[t * 16 + ty][col] into tile_b[ty][tx], with 0 for slots outside A or B.

    // TODO: wait until the whole workgroup has filled both tiles.

    // TODO: add the 16 products of row ty of tile_a and column tx of tile_b to sum.

    // TODO: wait until everyone is done with the tiles before the next step refills them.
  }

  // TODO: if (row, col) lies inside C, write sum to C[row][col].
}
