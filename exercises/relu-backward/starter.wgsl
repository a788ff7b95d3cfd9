struct Params {
  n: u32,  // number of elements
}

@group(0) @binding(0) var<storage, read> x: array<f32>;        // forward input
@group(0) @binding(1) var<storage, read> dy: array<f32>;       // dL/dy
@group(0) @binding(2) var<storage, read_write> dx: array<f32>; // dL/dx (output)
@group(0) @binding(3) var<uniform> params: Params;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) id: vec3u) {
  let i = id.x;
  if (i >= params.n) {
    return;
  }
  // TODO: dx[i] is dy[i] where the forward input x[i] was positive, and 0 elsewhere.
  dx[i] = dy[i];
}
