// Wrong: ReLU instead of GELU. Equal far from 0, but GELU bends smoothly near 0 and dips below zero (to −0.17) for small negative x.
@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> out: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) id: vec3u) {
  let i = id.x;
  if (i >= arrayLength(&x)) {
    return;
  }
  out[i] = max(x[i], 0.0);
}
