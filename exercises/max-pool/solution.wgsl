struct Dims {
  w: u32, // input width: the length of one input row
  h: u32, // input height
}

@group(0) @binding(0) var<storage, read> input: array<f32>;
@group(0) @binding(1) var<storage, read_write> output: array<f32>;
@group(0) @binding(2) var<uniform> dims: Dims;

@compute @workgroup_size(8, 8)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let ow = dims.w / 2u;
  let oh = dims.h / 2u;
  // gid.xy = wid.xy * 8 + lid.xy: the 8×8 workgroups tile the output image,
  // and each invocation owns one output pixel, so no invocation needs
  // another's result: no workgroup memory and no barrier.
  let x = gid.x;
  let y = gid.y;

  // The grid is rounded up to whole workgroups in both directions. An
  // invocation past the right edge would otherwise compute y * ow + x with
  // x >= ow, which is a pixel of the NEXT row; one past the bottom would
  // write after the end of the image.
  if (x >= ow || y >= oh) {
    return;
  }

  // Input rows are w long, even when w is odd: the dropped last column still
  // takes up space in memory, so the stride is w, not 2 * ow.
  let top = 2u * y * dims.w + 2u * x;
  let bottom = top + dims.w;
  output[y * ow + x] = max(max(input[top], input[top + 1u]), max(input[bottom], input[bottom + 1u]));
}
