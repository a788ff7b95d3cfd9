// Wrong binding number: b is declared at binding 2, where the host put out; out at binding 1, where the host put b.
@group(0) @binding(0) var<storage, read> a: array<f32>;
@group(0) @binding(2) var<storage, read> b: array<f32>;
@group(0) @binding(1) var<storage, read_write> out: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) id: vec3u) {
  let i = id.x;
  if (i < arrayLength(&a)) {
    out[i] = a[i] + b[i];
  }
}
