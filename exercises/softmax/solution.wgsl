struct Dims {
  rows: u32,  // number of rows = number of workgroups
  cols: u32,  // elements per row
}

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> out: array<f32>;
@group(0) @binding(2) var<uniform> dims: Dims;

var<workgroup> scratch: array<f32, 64>;

// The most negative finite f32: the identity for max (WGSL has no −∞ literal).
const LOWEST: f32 = -3.4028234663852886e38;

@compute @workgroup_size(64)
fn main(@builtin(local_invocation_id) local: vec3u,
        @builtin(workgroup_id) wid: vec3u) {
  let lid = local.x;
  let row = wid.x;
  let start = row * dims.cols;  // index of the row's first element

  // Pass 1: the row maximum. Invocations without a column keep LOWEST, which
  // cannot win against any real logit.
  var m = LOWEST;
  for (var c = lid; c < dims.cols; c += 64u) {
    m = max(m, x[start + c]);
  }
  scratch[lid] = m;
  workgroupBarrier();
  for (var stride = 32u; stride > 0u; stride = stride / 2u) {
    if (lid < stride) {
      scratch[lid] = max(scratch[lid], scratch[lid + stride]);
    }
    workgroupBarrier();
  }
  // The tree's last barrier makes scratch[0] visible to every invocation.
  let rowMax = scratch[0];
  // Pass 2 is about to overwrite scratch[0] (invocation 0 stores its partial
  // sum there). Without this barrier an invocation that is still behind could
  // read that partial sum as the maximum.
  workgroupBarrier();

  // Pass 2: s = Σ exp(x − m). Every exponent is <= 0, so each term lies in
  // (0, 1] and the sum in [1, cols]: no overflow, and since the largest term
  // is exactly exp(0) = 1, the sum cannot underflow to 0 either (with the
  // plain formula a row near −1000 sums to 0 and gives 0/0). Subtracting m
  // changes nothing mathematically: it scales every term and the sum by the
  // same factor exp(−m), which cancels in the division.
  var s = 0.0;
  for (var c = lid; c < dims.cols; c += 64u) {
    s += exp(x[start + c] - rowMax);
  }
  // Invocations without a column contribute 0, the identity of +.
  scratch[lid] = s;
  workgroupBarrier();
  for (var stride = 32u; stride > 0u; stride = stride / 2u) {
    if (lid < stride) {
      scratch[lid] = scratch[lid] + scratch[lid + stride];
    }
    workgroupBarrier();
  }
  let rowSum = scratch[0];

  // Pass 3: each invocation writes its own columns, normalised by the whole
  // row's sum (not its own partial sum). exp is recomputed from x: that costs
  // one read per element, where storing the exponentials in out during pass 2
  // and rescaling them here would cost a write and a read. The loop bound
  // keeps writes inside the row, away from the other tensor after out.
  for (var c = lid; c < dims.cols; c += 64u) {
    out[start + c] = exp(x[start + c] - rowMax) / rowSum;
  }
}
