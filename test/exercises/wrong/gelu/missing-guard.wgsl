// Wrong: no bounds guard. The spare invocations of the last workgroup read past the end of x and write into out's padding.
@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> out: array<f32>;

const SQRT_2_OVER_PI = 0.7978845608028654;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) id: vec3u) {
  let i = id.x;
  let v = x[i];
  let u = SQRT_2_OVER_PI * (v + 0.044715 * v * v * v);
  out[i] = 0.5 * v * (1.0 + tanh(clamp(u, -10.0, 10.0)));
}
