// Wrong: guards the load but not the store: invocations past n still write a 0 into out.
struct Params {
  n: u32,
}
@group(0) @binding(0) var<storage, read> a: array<f32>;
@group(0) @binding(1) var<storage, read_write> out: array<f32>;
@group(0) @binding(2) var<uniform> params: Params;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) id: vec3u) {
  let i = id.x;
  var x = 0.0;
  if (i < params.n) {
    x = a[i];
  }
  out[i] = max(x, 0.0);
}
