struct Params {
  n: u32,  // how many elements hold data in this batch
}

@group(0) @binding(0) var<storage, read> a: array<f32>;
@group(0) @binding(1) var<storage, read_write> out: array<f32>;
@group(0) @binding(2) var<uniform> params: Params;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) id: vec3u) {
  let i = id.x;
  // The grid was sized for the buffers' capacity, so invocations n, n + 1, ...
  // exist and run this code too. arrayLength(&a) is the capacity, not n: only
  // the host knows how much of the buffer is this batch, and params.n says so.
  // Returning early keeps both the read of a and the write of out behind the
  // check; an invocation that stops here touches no memory at all.
  if (i >= params.n) {
    return;
  }
  // ReLU: negative values become 0, the rest pass through unchanged.
  out[i] = max(a[i], 0.0);
}
