struct Params {
  n: u32,   // number of weights
  lr: f32,  // learning rate
}

@group(0) @binding(0) var<storage, read_write> w: array<f32>;
@group(0) @binding(1) var<storage, read> g: array<f32>;
@group(0) @binding(2) var<uniform> params: Params;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) id: vec3u,
        @builtin(num_workgroups) groups: vec3u) {
  // The grid's size comes from the dispatch, not from a constant, so the same
  // kernel is right for any number of workgroups.
  let total = groups.x * 64u;
  // Grid-stride loop. Invocation t visits t, t + total, t + 2·total, ...:
  // exactly the indices whose remainder mod total is t. Every index has one
  // remainder, so every weight is updated by one invocation, once. That
  // matters here because the update is in place: a second visit would apply
  // the step twice.
  // On each pass the invocations of the grid touch `total` consecutive
  // elements side by side, the memory pattern GPUs serve fastest.
  // The loop condition is also the bounds guard: nothing at or past n is read
  // or written, so the other tensor after w stays intact.
  for (var i = id.x; i < params.n; i += total) {
    w[i] = w[i] - params.lr * g[i];
  }
}
