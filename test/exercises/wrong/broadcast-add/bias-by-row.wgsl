// Wrong axis: indexes the bias by the row (i / width) instead of the column.
@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read> bias: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) id: vec3u) {
  let i = id.x;
  let width = arrayLength(&bias);
  if (i < arrayLength(&x)) {
    out[i] = x[i] + bias[i / width];
  }
}
