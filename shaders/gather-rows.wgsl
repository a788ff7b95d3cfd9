// gatherRows: out[i, :] = table[indices[i], :] (an embedding lookup).
// One invocation per output element. Rows are copied as raw 32-bit words, so
// float32 and int32 tables work alike. An index outside [0, rows) writes zeros
// (the front end checks indices beforehand; this only keeps the GPU in bounds).

struct Params {
  rows: u32,
  cols: u32,
  count: u32,   // number of indices
  pad: u32,
}

@group(0) @binding(0) var<storage, read> table: array<u32>;
@group(0) @binding(1) var<storage, read> indices: array<i32>;
@group(0) @binding(2) var<storage, read_write> out: array<u32>;
@group(0) @binding(3) var<uniform> params: Params;

@compute @workgroup_size(256)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
        @builtin(local_invocation_index) lid: u32) {
  let e = (wid.y * nwg.x + wid.x) * 256u + lid;  // 2-D folded grid
  if (e >= params.count * params.cols) { return; }
  let i = e / params.cols;
  let c = e % params.cols;
  let row = indices[i];
  if (row < 0 || u32(row) >= params.rows) {
    out[e] = 0u;
  } else {
    out[e] = table[u32(row) * params.cols + c];
  }
}
