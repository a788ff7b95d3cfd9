// Missing barrier: no barrier after the multiply-adds, so fast invocations refill the tiles while slow ones still read them (a race).
struct Dims {
  m: u32,
  k: u32,
  n: u32,
}

@group(0) @binding(0) var<storage, read> a: array<f32>;
@group(0) @binding(1) var<storage, read> b: array<f32>;
@group(0) @binding(2) var<storage, read_write> c: array<f32>;
@group(0) @binding(3) var<uniform> dims: Dims;

const TILE = 16u;

var<workgroup> tile_a: array<array<f32, 16>, 16>;
var<workgroup> tile_b: array<array<f32, 16>, 16>;

@compute @workgroup_size(16, 16)
fn main(@builtin(global_invocation_id) id: vec3u,
        @builtin(local_invocation_id) local: vec3u) {
  let col = id.x;
  let row = id.y;
  let tx = local.x;
  let ty = local.y;

  var sum = 0.0;
  let steps = (dims.k + TILE - 1u) / TILE;
  for (var t = 0u; t < steps; t++) {
    let a_col = t * TILE + tx;
    if (row < dims.m && a_col < dims.k) {
      tile_a[ty][tx] = a[row * dims.k + a_col];
    } else {
      tile_a[ty][tx] = 0.0;
    }
    let b_row = t * TILE + ty;
    if (b_row < dims.k && col < dims.n) {
      tile_b[ty][tx] = b[b_row * dims.n + col];
    } else {
      tile_b[ty][tx] = 0.0;
    }
    workgroupBarrier();

    for (var i = 0u; i < TILE; i++) {
      sum += tile_a[ty][i] * tile_b[i][tx];
    }
  }

  if (row < dims.m && col < dims.n) {
    c[row * dims.n + col] = sum;
  }
}
