// scatterAddRows, the backward of gatherRows:
//   out[r, :] = sum of src[i, :] over every i with indices[i] == r.
//
// Written as a gather ("each output row sums its matching source rows") rather
// than a scatter with atomic adds: WebGPU has no float atomics, and a fixed
// summation order (increasing i) makes the result deterministic. One
// invocation per output element scans all indices, so the cost is
// rows * cols * count comparisons: fine for the course's vocabularies (tens to
// a few thousand rows); a sort-based segment sum would be the next step up.

struct Params {
  rows: u32,
  cols: u32,
  count: u32,   // number of indices (rows of src)
  pad: u32,
}

@group(0) @binding(0) var<storage, read> src: array<f32>;
@group(0) @binding(1) var<storage, read> indices: array<i32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;
@group(0) @binding(3) var<uniform> params: Params;

@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
        @builtin(local_invocation_index) lid: u32) {
  let e = (wid.y * nwg.x + wid.x) * 64u + lid;  // 2-D folded grid
  if (e >= params.rows * params.cols) { return; }
  let r = i32(e / params.cols);
  let c = e % params.cols;
  var sum = 0.0;
  for (var i = 0u; i < params.count; i++) {
    if (indices[i] == r) { sum += src[i * params.cols + c]; }
  }
  out[e] = sum;
}
