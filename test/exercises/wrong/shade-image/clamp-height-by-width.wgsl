// Wrong clamp bound: clamps y against the width instead of the height.
struct Dims {
  width: u32,   // pixels per row
  height: u32,  // rows
}

@group(0) @binding(0) var<storage, read> src: array<f32>;
@group(0) @binding(1) var<storage, read_write> out: array<f32>;
@group(0) @binding(2) var<uniform> dims: Dims;

fn sample(x: i32, y: i32) -> f32 {
  let cx = clamp(x, 0, i32(dims.width) - 1);
  let cy = clamp(y, 0, i32(dims.width) - 1);
  return src[u32(cy) * dims.width + u32(cx)];
}

@compute @workgroup_size(8, 8)
fn main(@builtin(global_invocation_id) id: vec3u) {
  if (id.x >= dims.width || id.y >= dims.height) {
    return;
  }
  let x = i32(id.x);
  let y = i32(id.y);
  var sum = 0.0;
  for (var dy = -1; dy <= 1; dy++) {
    for (var dx = -1; dx <= 1; dx++) {
      sum += sample(x + dx, y + dy);
    }
  }
  out[id.y * dims.width + id.x] = sum / 9.0;
}
