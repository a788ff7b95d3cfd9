// Wrong: off-by-one: reads the next element, a[i + 1], instead of a[i].
@group(0) @binding(0) var<storage, read> a: array<f32>;
@group(0) @binding(1) var<storage, read_write> out: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) id: vec3u) {
  let i = id.x;
  if (i < arrayLength(&a)) {
    out[i] = 2.0 * a[i + 1u] + 1.0;
  }
}
