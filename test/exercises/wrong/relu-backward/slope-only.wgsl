// Wrong: writes ReLU's slope (1 or 0) and forgets to multiply it by the incoming gradient dy.
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
  dx[i] = select(0.0, 1.0, x[i] > 0.0);
}
