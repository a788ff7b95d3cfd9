// The @group/@binding pair is the only link between a WGSL variable and a
// buffer: the host's bind group puts buffer "b" at binding 1, so the
// declaration must say binding 1. The name "b" matters only inside WGSL.
@group(0) @binding(0) var<storage, read> a: array<f32>;
@group(0) @binding(1) var<storage, read> b: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) id: vec3u) {
  let i = id.x;
  // n is the length of the inputs. out is padded to a whole number of
  // workgroups, so arrayLength(&out) would let the spare invocations write.
  if (i < arrayLength(&a)) {
    // Element i of each array belongs to invocation i alone: no invocation
    // waits for another, which is what makes this kernel perfectly parallel.
    out[i] = a[i] + b[i];
  }
}
