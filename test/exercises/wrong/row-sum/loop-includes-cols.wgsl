// Off-by-one: the loop runs while c <= cols, so one invocation also adds the first element of the next row (and reads past the end of x on the last row).
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

  var sum = 0.0;
  for (var c = lid; c <= dims.cols; c += 64u) {
    sum += x[start + c];
  }

  partial[lid] = sum;
  workgroupBarrier();

  for (var stride = 32u; stride > 0u; stride = stride / 2u) {
    if (lid < stride) {
      partial[lid] = partial[lid] + partial[lid + stride];
    }
    workgroupBarrier();
  }

  if (lid == 0u) {
    out[row] = partial[0];
  }
}
