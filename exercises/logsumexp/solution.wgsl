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

  // Invariant after every step: m is the largest value this invocation has
  // seen and d = Σ exp(v − m) over those values, so log Σ exp(v) = m + log d.
  // (LOWEST, 0) is the pair for no values: exp(LOWEST − v) is 0 for any real
  // v, so the first real value replaces it entirely.
  var m = LOWEST;
  var d = 0.0;
  for (var c = lid; c < dims.cols; c += 64u) {
    let v = x[start + c];  // the only read of this element
    let mNew = max(m, v);
    // The old terms were exp(v_i − m); multiplying by exp(m − mNew) turns
    // them into exp(v_i − mNew), measured from the new maximum. Both
    // exponents are <= 0, so neither factor can overflow, and the term of the
    // current maximum is exactly 1, so d never underflows to 0.
    d = d * exp(m - mNew) + exp(v - mNew);
    m = mNew;
  }

  tileMax[lid] = m;
  tileSum[lid] = d;
  workgroupBarrier();

  // The same rescaling merges two pairs for disjoint sets of values, and the
  // merge is associative, so a tree may apply it in any grouping. An
  // invocation with no column holds (LOWEST, 0) and adds 0 · exp(...) = 0.
  for (var stride = 32u; stride > 0u; stride = stride / 2u) {
    if (lid < stride) {
      let m1 = tileMax[lid];
      let m2 = tileMax[lid + stride];
      let top = max(m1, m2);
      tileSum[lid] = tileSum[lid] * exp(m1 - top) + tileSum[lid + stride] * exp(m2 - top);
      tileMax[lid] = top;
    }
    // The next round reads both arrays where this round wrote them.
    workgroupBarrier();
  }

  if (lid == 0u) {
    // tileSum[0] = Σ exp(x − M) over the row, with M its maximum, so
    // log Σ exp(x) = M + log(tileSum[0]). tileSum[0] lies in [1, cols]: log is
    // finite, and the large part of the answer, M, is added back exactly.
    out[row] = tileMax[0] + log(tileSum[0]);
  }
}
