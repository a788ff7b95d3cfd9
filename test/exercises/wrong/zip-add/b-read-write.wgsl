// Wrong: declares b as read_write, but the host binds it as a read-only storage buffer (the pipeline does not fit the bind group layout).
@group(0) @binding(0) var<storage, read> a: array<f32>;
@group(0) @binding(1) var<storage, read_write> b: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) id: vec3u) {
  let i = id.x;
  if (i < arrayLength(&a)) {
    out[i] = a[i] + b[i];
  }
}
