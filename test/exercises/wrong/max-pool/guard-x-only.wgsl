// Wrong: guards only x, so invocations below the last output row write past the end of the image.
struct Dims { w: u32, h: u32 }
@group(0) @binding(0) var<storage, read> input: array<f32>;
@group(0) @binding(1) var<storage, read_write> output: array<f32>;
@group(0) @binding(2) var<uniform> dims: Dims;

@compute @workgroup_size(8, 8)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let ow = dims.w / 2u;
  let oh = dims.h / 2u;
  let x = gid.x;
  let y = gid.y;
  if (x >= ow) { return; }
  let top = 2u * y * dims.w + 2u * x;
  let bottom = top + dims.w;
  output[y * ow + x] = max(max(input[top], input[top + 1u]), max(input[bottom], input[bottom + 1u]));
}
