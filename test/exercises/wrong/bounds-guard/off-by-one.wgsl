// Wrong: off-by-one guard (<= instead of <): invocation n also writes, one element past the batch.
struct Params {
  n: u32,
}
@group(0) @binding(0) var<storage, read> a: array<f32>;
@group(0) @binding(1) var<storage, read_write> out: array<f32>;
@group(0) @binding(2) var<uniform> params: Params;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) id: vec3u) {
  let i = id.x;
  if (i <= params.n) {
    out[i] = max(a[i], 0.0);
  }
}
