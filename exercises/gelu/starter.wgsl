@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> out: array<f32>;

const SQRT_2_OVER_PI = 0.7978845608028654;  // sqrt(2 / pi)

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) id: vec3u) {
  let i = id.x;
  if (i >= arrayLength(&x)) {
    return;
  }
  let v = x[i];
  // TODO: out[i] = 0.5 * v * (1 + tanh(sqrt(2 / pi) * (v + 0.044715 * v^3))),
  // with no NaN or infinity for large |v|. For now this copies v unchanged.
  out[i] = v;
}
