// Wrong: hard-codes the stride as 256 (4 workgroups of 64): grids of 1 or 3 workgroups skip weights.
struct Params {
  n: u32,
  lr: f32,
}
@group(0) @binding(0) var<storage, read_write> w: array<f32>;
@group(0) @binding(1) var<storage, read> g: array<f32>;
@group(0) @binding(2) var<uniform> params: Params;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) id: vec3u, @builtin(num_workgroups) groups: vec3u) {
  for (var i = id.x; i < params.n; i += 256u) {
    w[i] = w[i] - params.lr * g[i];
  }
}
