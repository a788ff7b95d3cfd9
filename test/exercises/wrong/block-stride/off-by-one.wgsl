// Wrong: off-by-one loop bound (<=): the invocation that reaches i = n updates the first value of the next tensor.
struct Params {
  n: u32,
  lr: f32,
}
@group(0) @binding(0) var<storage, read_write> w: array<f32>;
@group(0) @binding(1) var<storage, read> g: array<f32>;
@group(0) @binding(2) var<uniform> params: Params;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) id: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let total = groups.x * 64u;
  for (var i = id.x; i <= params.n; i += total) {
    w[i] = w[i] - params.lr * g[i];
  }
}
