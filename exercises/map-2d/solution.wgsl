struct Dims {
  width: u32,   // number of columns
  height: u32,  // number of rows
}

@group(0) @binding(0) var<storage, read> a: array<f32>;
@group(0) @binding(1) var<storage, read_write> out: array<f32>;
@group(0) @binding(2) var<uniform> dims: Dims;

@compute @workgroup_size(16, 16)
fn main(@builtin(global_invocation_id) id: vec3u) {
  let col = id.x;
  let row = id.y;
  // The grid is rounded up to whole 16 × 16 tiles along both axes, so there
  // are spare columns on the right and spare rows at the bottom. Both checks
  // are needed: with only the row check, a spare column's index
  // row * width + col wraps into the next row (or past the matrix) and
  // overwrites an element that belongs to another invocation.
  if (row >= dims.height || col >= dims.width) {
    return;
  }
  // Row-major: rows are stored one after another, each `width` long, so
  // element (row, col) sits after `row` whole rows plus `col` elements.
  let k = row * dims.width + col;
  // On or below the diagonal the value is kept, above it it is masked.
  out[k] = select(0.0, a[k], col <= row);
}
