// Wrong: forgets to multiply the old velocity by the momentum (v = v + g), so old gradients never fade.
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
  let vNew = v[i] + grad[i];
  out[i] = w[i] - params.lr * vNew;
  out[params.n + i] = vNew;
}
