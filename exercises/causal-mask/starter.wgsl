struct Dims {
  heads: u32,  // number of attention heads
  t: u32,      // sequence length: each head has a t × t score matrix
}

@group(0) @binding(0) var<storage, read> scores: array<f32>;
@group(0) @binding(1) var<storage, read_write> out: array<f32>;
@group(0) @binding(2) var<uniform> dims: Dims;

// What a blocked score becomes: exp(MASKED - max) is exactly 0 in f32.
const MASKED: f32 = -1e30;

@compute @workgroup_size(16, 16)
fn main(@builtin(global_invocation_id) id: vec3u) {
  let col = id.x;   // the position being looked at (key)
  let row = id.y;   // the position doing the looking (query)
  let head = id.z;  // which head's matrix
  // TODO: if (row, col) is inside the t × t matrix, copy the score of head
  // `head` at (row, col) to the same place in out when position row may see
  // position col, and write MASKED when it may not.
}
