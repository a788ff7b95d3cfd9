// Wrong: uses the index of A·B (b[i * n + col]), reading B as if it were stored K × N.
struct Dims {
  m: u32,  // rows of A and of C
  k: u32,  // columns of A = columns of B (the length of each dot product)
  n: u32,  // rows of B = columns of C
}

@group(0) @binding(0) var<storage, read> a: array<f32>;        // M × K, row-major
@group(0) @binding(1) var<storage, read> b: array<f32>;        // N × K, row-major: this is B, not Bᵀ
@group(0) @binding(2) var<storage, read_write> c: array<f32>;  // M × N, row-major, then spare rows
@group(0) @binding(3) var<uniform> dims: Dims;

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
}
