struct Dims {
  m: u32,  // rows of A and of C
  k: u32,  // columns of A = rows of B
  n: u32,  // columns of B and of C
}

@group(0) @binding(0) var<storage, read> a: array<f32>;        // M × K, row-major
@group(0) @binding(1) var<storage, read> b: array<f32>;        // K × N, row-major
@group(0) @binding(2) var<storage, read_write> c: array<f32>;  // M × N, row-major, then spare rows
@group(0) @binding(3) var<uniform> dims: Dims;

@compute @workgroup_size(16, 16)
fn main(@builtin(global_invocation_id) id: vec3u) {
  // x runs along a row of C, so it picks the column; y picks the row.
  let col = id.x;
  let row = id.y;
  // TODO: if (row, col) lies inside C, set C[row][col] to the dot product of
  // row `row` of A and column `col` of B (dims.k terms).
}
