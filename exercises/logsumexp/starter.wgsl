struct Dims {
  rows: u32,  // number of rows = number of workgroups
  cols: u32,  // elements per row
}

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> out: array<f32>;
@group(0) @binding(2) var<uniform> dims: Dims;

// One (max, rescaled sum) pair per invocation.
var<workgroup> tileMax: array<f32, 64>;
var<workgroup> tileSum: array<f32, 64>;

// The most negative finite f32, standing in for −∞ (WGSL has no −∞ literal).
const LOWEST: f32 = -3.4028234663852886e38;

@compute @workgroup_size(64)
fn main(@builtin(local_invocation_id) local: vec3u,
        @builtin(workgroup_id) wid: vec3u) {
  let lid = local.x;
  let row = wid.x;
  let start = row * dims.cols;  // index of the row's first element

  // The pair for no values at all.
  var m = LOWEST;
  var d = 0.0;
  // TODO: one pass over columns lid, lid + 64, ... below dims.cols, reading
  // each x once and updating (m, d) so that m is the largest value seen and
  // d = Σ exp(x − m) over the values seen.

  tileMax[lid] = m;
  tileSum[lid] = d;
  workgroupBarrier();

  for (var stride = 32u; stride > 0u; stride = stride / 2u) {
    if (lid < stride) {
      // TODO: merge the pair at lid + stride into the pair at lid.
    }
    workgroupBarrier();
  }

  if (lid == 0u) {
    // TODO: the row's log-sum-exp from the merged pair (tileMax[0], tileSum[0]).
    out[row] = 0.0;
  }
}
