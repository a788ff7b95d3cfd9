struct Dims {
  width: u32,   // pixels per row
  height: u32,  // rows
}

@group(0) @binding(0) var<storage, read> src: array<f32>;
@group(0) @binding(1) var<storage, read_write> out: array<f32>;
@group(0) @binding(2) var<uniform> dims: Dims;

// Reads pixel (x, y) of src the way a texture sampler set to clamp-to-edge
// does: coordinates outside the image move to the nearest edge pixel.
fn sample(x: i32, y: i32) -> f32 {
  // TODO: clamp x into 0 ..= width - 1 and y into 0 ..= height - 1, then
  // read src at the clamped position (row-major).
  return 0.0;
}

@compute @workgroup_size(8, 8)
fn main(@builtin(global_invocation_id) id: vec3u) {
  // TODO: if (id.x, id.y) is inside the image, average the nine samples at
  // offsets -1, 0, 1 in x and in y around it, and write the average to
  // out[id.y * dims.width + id.x].
}
