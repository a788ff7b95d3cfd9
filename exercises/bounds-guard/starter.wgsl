struct Params {
  n: u32,  // how many elements hold data in this batch
}

@group(0) @binding(0) var<storage, read> a: array<f32>;
@group(0) @binding(1) var<storage, read_write> out: array<f32>;
@group(0) @binding(2) var<uniform> params: Params;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) id: vec3u) {
  let i = id.x;
  // TODO: this runs for every invocation of the grid, including those whose i
  // is past the batch. Only the first params.n elements may be computed.
  out[i] = max(a[i], 0.0);
}
