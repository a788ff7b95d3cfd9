@group(0) @binding(0) var<storage, read> a: array<f32>;
@group(0) @binding(1) var<storage, read> b: array<f32>;
@group(0) @binding(2) var<storage, read_write> partials: array<f32>;

var<workgroup> tile: array<f32, 64>;

@compute @workgroup_size(64)
fn main(@builtin(local_invocation_id) local: vec3u,
        @builtin(workgroup_id) wid: vec3u) {
  let lid = local.x;
  let n = arrayLength(&a);

  // Phase 1, no sharing: four products summed in a register. Nobody else
  // needs these intermediate values, so they never touch workgroup memory,
  // and the tree below has 64 values to combine instead of 256.
  // The stride of 64 makes the invocations of a workgroup read 64 adjacent
  // elements at each step, which the memory system serves in few transactions.
  var acc = 0.0;
  for (var k = 0u; k < 4u; k = k + 1u) {
    let i = 256u * wid.x + 64u * k + lid;
    // Missing elements contribute 0; reading them would return some other
    // element of the buffer (WebGPU keeps out-of-bounds reads inside it).
    if (i < n) {
      acc = acc + a[i] * b[i];
    }
  }

  // Phase 2, sharing: publish the register, wait for everyone, then a tree.
  tile[lid] = acc;
  workgroupBarrier();
  for (var stride = 32u; stride > 0u; stride = stride / 2u) {
    if (lid < stride) {
      tile[lid] = tile[lid] + tile[lid + stride];
    }
    // The next round reads what this round wrote: everyone must be done.
    workgroupBarrier();
  }

  if (lid == 0u) {
    partials[wid.x] = tile[0];
  }
}
