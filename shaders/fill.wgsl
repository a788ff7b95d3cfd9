// fill: write one 32-bit word (an f32 or i32 bit pattern, chosen on the host)
// into every element of a storage. Recorded in the command stream like any
// other kernel, so it is ordered with the work around it.

struct Params {
  numel: u32,
  word: u32,
}

override WORKGROUP_SIZE: u32 = 256u;

@group(0) @binding(0) var<storage, read_write> out: array<u32>;
@group(0) @binding(1) var<uniform> params: Params;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
        @builtin(local_invocation_index) lid: u32) {
  // 2-D grid folding: see elementwise.wgsl.
  let i = (wid.y * nwg.x + wid.x) * WORKGROUP_SIZE + lid;
  if (i < params.numel) { out[i] = params.word; }
}
