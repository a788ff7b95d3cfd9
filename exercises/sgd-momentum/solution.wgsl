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
  // The rounded-up grid has invocations past the last parameter. params.n,
  // not arrayLength(&out), says where the data ends: out may be longer than
  // 2n, and the velocities start at n whatever its length is.
  if (i >= params.n) {
    return;
  }
  // The velocity is a decaying sum of past gradients: the old one shrinks by
  // mu each step and this step's gradient is added. Directions that agree
  // from step to step build up; gradients that flip sign cancel.
  let vNew = params.momentum * v[i] + grad[i];
  // The step follows the new velocity, so this step's gradient acts at once
  // (using the old v would delay every gradient by one step). Subtracting
  // moves downhill, since the gradient points uphill.
  out[i] = w[i] - params.lr * vNew;
  // The optimizer keeps vNew for the next step.
  out[params.n + i] = vNew;
}
