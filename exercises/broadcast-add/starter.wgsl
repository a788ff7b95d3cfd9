@group(0) @binding(0) var<storage, read> x: array<f32>;     // height rows of width values, row-major
@group(0) @binding(1) var<storage, read> bias: array<f32>;  // width values, one per column
@group(0) @binding(2) var<storage, read_write> out: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) id: vec3u) {
  let i = id.x;                    // flat index into x and out
  let width = arrayLength(&bias);  // number of columns
  // TODO: if element i exists, set out[i] to x[i] plus the bias of i's column.
}
