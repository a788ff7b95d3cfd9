struct Dims {
  w: u32, // input width: the length of one input row
  h: u32, // input height
}

@group(0) @binding(0) var<storage, read> input: array<f32>;
@group(0) @binding(1) var<storage, read_write> output: array<f32>;
@group(0) @binding(2) var<uniform> dims: Dims;

@compute @workgroup_size(8, 8)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let ow = dims.w / 2u; // output width (integer division drops an odd last column)
  let oh = dims.h / 2u; // output height
  let x = gid.x;
  let y = gid.y;

  // TODO: if (x, y) is inside the output, write the maximum of the 2×2 window
  // whose top-left corner is input row 2y, column 2x.
}
