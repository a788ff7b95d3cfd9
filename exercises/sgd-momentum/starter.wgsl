struct Params {
  n: u32,         // number of parameters
  lr: f32,        // learning rate (eta)
  momentum: f32,  // momentum (mu)
}

@group(0) @binding(0) var<storage, read> w: array<f32>;        // weights
@group(0) @binding(1) var<storage, read> grad: array<f32>;     // dL/dw
@group(0) @binding(2) var<storage, read> v: array<f32>;        // velocity from the previous step
@group(0) @binding(3) var<storage, read_write> out: array<f32>; // [new w (n values), new v (n values)]
@group(0) @binding(4) var<uniform> params: Params;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) id: vec3u) {
  let i = id.x;
  if (i >= params.n) {
    return;
  }
  // TODO: compute the new velocity and the new weight; write the weight to
  // out[i] and the velocity to out[params.n + i]. (This is plain SGD.)
  out[i] = w[i] - params.lr * grad[i];
}
