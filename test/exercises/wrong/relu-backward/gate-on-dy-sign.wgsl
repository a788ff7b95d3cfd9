// Wrong: gates on the sign of the gradient dy instead of the forward input x.
struct Params {
  n: u32,
}

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read> dy: array<f32>;
@group(0) @binding(2) var<storage, read_write> dx: array<f32>;
@group(0) @binding(3) var<uniform> params: Params;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) id: vec3u) {
  let i = id.x;
  if (i >= params.n) {
    return;
  }
  if (dy[i] > 0.0) {
    dx[i] = dy[i];
  } else {
    dx[i] = 0.0;
  }
}
