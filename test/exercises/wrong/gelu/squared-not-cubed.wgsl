// Wrong: uses 0.044715·v² instead of 0.044715·v³, which also loses the sign of the correction for negative v.
@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> out: array<f32>;

const SQRT_2_OVER_PI = 0.7978845608028654;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) id: vec3u) {
  let i = id.x;
  if (i >= arrayLength(&x)) {
    return;
  }
  let v = x[i];
  let u = SQRT_2_OVER_PI * (v + 0.044715 * v * v);
  out[i] = 0.5 * v * (1.0 + tanh(clamp(u, -10.0, 10.0)));
}
