// Wrong start: begins at the local id (0..63) instead of the global id, so every workgroup repeats the same elements and many are skipped.
struct Params {
  n: u32,
  lr: f32,
}
@group(0) @binding(0) var<storage, read_write> w: array<f32>;
@group(0) @binding(1) var<storage, read> g: array<f32>;
@group(0) @binding(2) var<uniform> params: Params;

@compute @workgroup_size(64)
fn main(@builtin(local_invocation_id) lid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let total = groups.x * 64u;
  for (var i = lid.x; i < params.n; i += total) {
    w[i] = w[i] - params.lr * g[i];
  }
}
