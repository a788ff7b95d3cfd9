struct Dims {
  width: u32,   // number of columns
  height: u32,  // number of rows
}

@group(0) @binding(0) var<storage, read> a: array<f32>;
@group(0) @binding(1) var<storage, read_write> out: array<f32>;
@group(0) @binding(2) var<uniform> dims: Dims;

@compute @workgroup_size(16, 16)
fn main(@builtin(global_invocation_id) id: vec3u) {
  // x runs along a row, so it picks the column; y runs down, so it picks the row.
  let col = id.x;
  let row = id.y;
  // TODO: if (row, col) is inside the matrix, write a's element at (row, col)
  // to the same place in out when col <= row, and 0 when col > row.
}
