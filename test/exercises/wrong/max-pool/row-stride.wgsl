// Wrong: takes an input row to be 2 * ow long, which is w only when w is even (wrong row stride).
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
  if (x >= ow || y >= oh) { return; }
  let top = 2u * y * (2u * ow) + 2u * x;
  let bottom = top + 2u * ow;
  output[y * ow + x] = max(max(input[top], input[top + 1u]), max(input[bottom], input[bottom + 1u]));
}
