// Wrong: contiguous chunks of n / total elements, rounded down, so the last n % total weights are never updated.
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
  let chunk = params.n / total;
  let start = id.x * chunk;
  for (var i = start; i < start + chunk; i++) {
    w[i] = w[i] - params.lr * g[i];
  }
}
