@group(0) @binding(0) var<storage, read> a: array<f32>;
// TODO: declare the second input, b: read-only storage at binding 1.
@group(0) @binding(2) var<storage, read_write> out: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) id: vec3u) {
  let i = id.x;
  // TODO: if element i exists, set out[i] to a[i] + b[i].
}
