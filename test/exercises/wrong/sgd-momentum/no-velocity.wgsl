// Wrong: ignores the velocity altogether: plain SGD (w - lr*g) with v = g.
struct Params {
  n: u32,
  lr: f32,
  momentum: f32,
}

@group(0) @binding(0) var<storage, read> w: array<f32>;
@group(0) @binding(1) var<storage, read> grad: array<f32>;
@group(0) @binding(2) var<storage, read> v: array<f32>;
@group(0) @binding(3) var<storage, read_write> out: array<f32>;
@group(0) @binding(4) var<uniform> params: Params;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) id: vec3u) {
  let i = id.x;
  if (i >= params.n) {
    return;
  }
  out[i] = w[i] - params.lr * grad[i];
  out[params.n + i] = grad[i];
}
