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
  // The x and y axes are rounded up to whole 16 × 16 tiles; z is exactly one
  // workgroup layer per head, so only row and column can run past the end.
  // Both checks are needed: a spare column would otherwise write into the
  // next row of the same matrix.
  if (row >= dims.t || col >= dims.t) {
    return;
  }
  // The heads' matrices are stored one after another, each t · t long, so
  // the head offset comes first, then the row-major position inside it.
  let k = head * dims.t * dims.t + row * dims.t + col;
  // Causal: the query at position `row` may use keys 0..row, itself
  // included, and nothing from the future. MASKED, not 0: a score of 0 still
  // gets weight exp(0 - max) in the softmax, a score of -1e30 gets none.
  out[k] = select(MASKED, scores[k], col <= row);
}
