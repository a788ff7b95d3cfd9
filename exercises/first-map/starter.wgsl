@group(0) @binding(0) var<storage, read> a: array<f32>;
@group(0) @binding(1) var<storage, read_write> out: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) id: vec3u) {
  // This invocation's number in the whole dispatch: 0, 1, 2, ...
  let i = id.x;
  // The grid is rounded up to whole workgroups of 64, so the last few
  // invocations may have no element: they skip the body.
  if (i < arrayLength(&a)) {
    // TODO: set out[i] to 2 * a[i] + 1.
  }
}
