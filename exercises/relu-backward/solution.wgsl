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
  // The grid is rounded up to whole workgroups; the extra invocations have
  // no element, and dx has room past n that belongs to nobody.
  if (i >= params.n) {
    return;
  }
  // Chain rule: dL/dx = dL/dy * dy/dx, and ReLU's slope is 1 where its input
  // was positive and 0 elsewhere. So the gate is decided by the forward
  // input x; the gradient dy passes through unchanged, whatever its sign.
  // At x == 0 exactly the course takes the slope to be 0, hence > not >=.
  // select() picks an operand, so dx is dy or 0 exactly, with no rounding.
  dx[i] = select(0.0, dy[i], x[i] > 0.0);
}
