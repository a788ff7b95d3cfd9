struct Dims {
  width: u32,   // pixels per row
  height: u32,  // rows
}

@group(0) @binding(0) var<storage, read> src: array<f32>;
@group(0) @binding(1) var<storage, read_write> out: array<f32>;
@group(0) @binding(2) var<uniform> dims: Dims;

// Reads pixel (x, y) the way a texture sampler set to clamp-to-edge does:
// coordinates outside the image move to the nearest edge pixel. The
// arithmetic is signed because x - 1 at x = 0 must become -1 and clamp to 0;
// in u32 it would wrap to 4294967295 and clamp to the far edge instead.
fn sample(x: i32, y: i32) -> f32 {
  let cx = clamp(x, 0, i32(dims.width) - 1);
  let cy = clamp(y, 0, i32(dims.height) - 1);
  return src[u32(cy) * dims.width + u32(cx)];
}

@compute @workgroup_size(8, 8)
fn main(@builtin(global_invocation_id) id: vec3u) {
  // The grid is rounded up to whole 8 × 8 tiles; spare invocations have no pixel.
  if (id.x >= dims.width || id.y >= dims.height) {
    return;
  }
  let x = i32(id.x);
  let y = i32(id.y);
  var sum = 0.0;
  // Every pixel averages exactly nine samples, edge pixels included: the
  // clamped ones repeat the edge, so the divisor is always 9.
  for (var dy = -1; dy <= 1; dy++) {
    for (var dx = -1; dx <= 1; dx++) {
      sum += sample(x + dx, y + dy);
    }
  }
  out[id.y * dims.width + id.x] = sum / 9.0;
}
