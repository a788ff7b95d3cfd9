struct Params {
  n: u32,   // number of weights
  lr: f32,  // learning rate
}

@group(0) @binding(0) var<storage, read_write> w: array<f32>;
@group(0) @binding(1) var<storage, read> g: array<f32>;
@group(0) @binding(2) var<uniform> params: Params;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) id: vec3u,
        @builtin(num_workgroups) groups: vec3u) {
  // How many invocations the whole grid has.
  let total = groups.x * 64u;
  // TODO: this updates one weight per invocation, but there are far more
  // weights than invocations. Loop so that every weight below params.n is
  // updated exactly once, stepping by total.
  let i = id.x;
  if (i < params.n) {
    w[i] = w[i] - params.lr * g[i];
  }
}
