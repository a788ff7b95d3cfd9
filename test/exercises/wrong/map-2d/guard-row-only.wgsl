// Wrong: guards the row only: spare columns write past the end of their row.
struct Dims {
  width: u32,
  height: u32,
}
@group(0) @binding(0) var<storage, read> a: array<f32>;
@group(0) @binding(1) var<storage, read_write> out: array<f32>;
@group(0) @binding(2) var<uniform> dims: Dims;

@compute @workgroup_size(16, 16)
fn main(@builtin(global_invocation_id) id: vec3u) {
  let col = id.x;
  let row = id.y;
  if (row < dims.height) {
    let k = row * dims.width + col;
    out[k] = select(0.0, a[k], col <= row);
  }
}
