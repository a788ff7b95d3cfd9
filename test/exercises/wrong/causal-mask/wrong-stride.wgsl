// Wrong: swaps the row stride for the head stride (head * t + row * t * t), scrambling where each element goes.
struct Dims {
  heads: u32,
  t: u32,
}

@group(0) @binding(0) var<storage, read> scores: array<f32>;
@group(0) @binding(1) var<storage, read_write> out: array<f32>;
@group(0) @binding(2) var<uniform> dims: Dims;

const MASKED: f32 = -1e30;

@compute @workgroup_size(16, 16)
fn main(@builtin(global_invocation_id) id: vec3u) {
  let col = id.x;
  let row = id.y;
  let head = id.z;
  if (row >= dims.t || col >= dims.t) {
    return;
  }
  let k = head * dims.t + row * dims.t * dims.t + col;
  if (k < arrayLength(&scores)) {
    out[k] = select(MASKED, scores[k], col <= row);
  }
}
