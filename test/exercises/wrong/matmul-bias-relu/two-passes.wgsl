// Not fused: writes A·B to c, then reads it back to apply bias and ReLU: two writes and an extra read per element.
struct Dims {
  m: u32,  // rows of A and of C (examples)
  k: u32,  // columns of A = rows of B (inputs per example)
  n: u32,  // columns of B and of C (output neurons)
}

@group(0) @binding(0) var<storage, read> a: array<f32>;        // M × K, row-major
@group(0) @binding(1) var<storage, read> b: array<f32>;        // K × N, row-major
@group(0) @binding(2) var<storage, read_write> c: array<f32>;  // M × N, row-major, then spare rows
@group(0) @binding(3) var<uniform> dims: Dims;
@group(0) @binding(4) var<storage, read> bias: array<f32>;     // N values, one per column

@compute @workgroup_size(16, 16)
fn main(@builtin(global_invocation_id) id: vec3u) {
  let col = id.x;
  let row = id.y;
  if (row >= dims.m || col >= dims.n) {
    return;
  }
  var sum = 0.0;
  for (var i = 0u; i < dims.k; i++) {
    sum += a[row * dims.k + i] * b[i * dims.n + col];
  }
  c[row * dims.n + col] = sum;
  c[row * dims.n + col] = max(c[row * dims.n + col] + bias[col], 0.0);
}
