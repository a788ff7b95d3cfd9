// Wrong: builds tanh as (e^2u − 1) / (e^2u + 1). For u > 44.4, e^2u overflows f32 and the result is inf / inf = NaN.
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
  let u = SQRT_2_OVER_PI * (v + 0.044715 * v * v * v);
  let e = exp(2.0 * u);
  let t = (e - 1.0) / (e + 1.0);
  out[i] = 0.5 * v * (1.0 + t);
}
