// Wrong edge: neighbour positions in u32, so id.x - 1 at x = 0 wraps to 4294967295 and min() clamps it to the far edge.
struct Dims {
  width: u32,
  height: u32,
}

@group(0) @binding(0) var<storage, read> src: array<f32>;
@group(0) @binding(1) var<storage, read_write> out: array<f32>;
@group(0) @binding(2) var<uniform> dims: Dims;

fn sample(x: u32, y: u32) -> f32 {
  let cx = min(x, dims.width - 1u);
  let cy = min(y, dims.height - 1u);
  return src[cy * dims.width + cx];
}

@compute @workgroup_size(8, 8)
fn main(@builtin(global_invocation_id) id: vec3u) {
  if (id.x >= dims.width || id.y >= dims.height) {
    return;
  }
  var sum = 0.0;
  for (var dy = 0u; dy < 3u; dy++) {
    for (var dx = 0u; dx < 3u; dx++) {
      sum += sample(id.x + dx - 1u, id.y + dy - 1u);
    }
  }
  out[id.y * dims.width + id.x] = sum / 9.0;
}
