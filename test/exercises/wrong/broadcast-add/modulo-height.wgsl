// Wrong modulus: takes the column as i % height (the number of rows) instead of i % width.
@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read> bias: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) id: vec3u) {
  let i = id.x;
  let height = arrayLength(&x) / arrayLength(&bias);
  if (i < arrayLength(&x)) {
    out[i] = x[i] + bias[i % height];
  }
}
