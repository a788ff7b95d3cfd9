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
  // Bᵀ[i][col] is B[col][i], and B's rows are K long, so it sits at
  // col * K + i. Both operands are now read along a row, with stride 1: C's
  // element is the dot product of row `row` of A with row `col` of B.
  //
  // The price is in the memory traffic, not the arithmetic: at step i the
  // invocations col, col + 1, ... of a warp read b[col * K + i],
  // b[(col + 1) * K + i], ..., addresses K floats apart, so each needs its
  // own memory transaction, where A·B's b[i * N + col] gave a warp one
  // contiguous run. A tiled kernel fixes that by loading a tile of B with
  // neighbouring invocations along K (contiguous), then reading it across
  // from workgroup memory, where the order costs little.
  var sum = 0.0;
  for (var i = 0u; i < dims.k; i++) {
    sum += a[row * dims.k + i] * b[col * dims.k + i];
  }
  c[row * dims.n + col] = sum;
}
