struct Dims {
  m: u32,  // rows of A and of C
  k: u32,  // columns of A = rows of B
  n: u32,  // columns of B and of C
}

@group(0) @binding(0) var<storage, read> a: array<f32>;        // M × K, row-major
@group(0) @binding(1) var<storage, read> b: array<f32>;        // K × N, row-major
@group(0) @binding(2) var<storage, read_write> c: array<f32>;  // M × N, row-major, then spare rows
@group(0) @binding(3) var<uniform> dims: Dims;

@compute @workgroup_size(16, 16)
fn main(@builtin(global_invocation_id) id: vec3u) {
  let col = id.x;
  let row = id.y;
  // The grid is rounded up to whole 16 × 16 workgroups on both axes. A spare
  // row would write into the rows after C; a spare column is worse: its index
  // row * n + col wraps into the next row and overwrites another invocation's
  // result. No barrier follows, so leaving early is allowed here.
  if (row >= dims.m || col >= dims.n) {
    return;
  }
  // Row `row` of A starts after `row` whole rows of K values, and is read with
  // stride 1; column `col` of B is read with stride N, one whole row of B per
  // step. Neighbouring invocations (col, col + 1) read neighbouring elements
  // of B, which the memory system serves together.
  var sum = 0.0;
  for (var i = 0u; i < dims.k; i++) {
    sum += a[row * dims.k + i] * b[i * dims.n + col];
  }
  // The running sum stays in a register: C is written once, not K times.
  c[row * dims.n + col] = sum;
}
