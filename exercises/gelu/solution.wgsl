@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> out: array<f32>;

const SQRT_2_OVER_PI = 0.7978845608028654;  // sqrt(2 / pi)

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) id: vec3u) {
  let i = id.x;
  // The grid is rounded up to whole workgroups of 64: spare invocations stop here.
  if (i >= arrayLength(&x)) {
    return;
  }
  let v = x[i];
  let u = SQRT_2_OVER_PI * (v + 0.044715 * v * v * v);
  // tanh(u) is within half an f32 step of ±1 once |u| > 9.01, so clamping to
  // [-10, 10] changes no result. It matters because WGSL only promises tanh
  // the accuracy of sinh(u) / cosh(u), whose exp(u) overflows for u > 88.7:
  // an implementation may then return NaN. With the clamp every exp inside
  // stays finite. (The clamp also turns an infinite v³ into ±10.)
  let t = tanh(clamp(u, -10.0, 10.0));
  // For large positive v, t = 1 and the result is v itself; for large
  // negative v, 1 + t = 0 and the result is (minus) zero: GELU's two tails.
  out[i] = 0.5 * v * (1.0 + t);
}
