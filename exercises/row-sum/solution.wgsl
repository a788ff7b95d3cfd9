struct Dims {
  rows: u32,  // number of rows = number of workgroups
  cols: u32,  // elements per row
}

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> out: array<f32>;
@group(0) @binding(2) var<uniform> dims: Dims;

var<workgroup> partial: array<f32, 64>;

@compute @workgroup_size(64)
fn main(@builtin(local_invocation_id) local: vec3u,
        @builtin(workgroup_id) wid: vec3u) {
  let lid = local.x;
  let row = wid.x;
  let start = row * dims.cols;  // index of the row's first element

  // Block-stride loop over the row: invocation lid takes every 64th column
  // starting at lid, so the 64 invocations together visit each column exactly
  // once, and on each trip round the loop they read 64 neighbouring elements,
  // which the memory system serves in a few wide transactions. The loop
  // condition is the bounds guard: columns at or past cols belong to the next
  // row (or lie past the end of x). An invocation that gets no column keeps
  // 0, the identity of +, so its slot cannot change the sum.
  var sum = 0.0;
  for (var c = lid; c < dims.cols; c += 64u) {
    sum += x[start + c];
  }

  partial[lid] = sum;
  // The tree reads other invocations' slots: every partial sum must be stored first.
  workgroupBarrier();

  // Six rounds halve the live values 64 -> 32 -> ... -> 1. The stride does not
  // depend on the invocation, so every invocation reaches every barrier.
  for (var stride = 32u; stride > 0u; stride = stride / 2u) {
    if (lid < stride) {
      partial[lid] = partial[lid] + partial[lid + stride];
    }
    // The next round reads what this one wrote.
    workgroupBarrier();
  }

  if (lid == 0u) {
    out[row] = partial[0];
  }
}
