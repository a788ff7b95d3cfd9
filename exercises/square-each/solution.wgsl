@group(0) @binding(0) var<storage, read> input: array<f32>;
@group(0) @binding(1) var<storage, read_write> output: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) id: vec3u) {
  // One invocation per element: invocation i owns element i, so no two
  // invocations touch the same memory and no coordination is needed.
  let i = id.x;
  // The dispatch is rounded up to whole workgroups of 64; invocations past
  // the end have nothing to do. Without this guard they would read and write
  // out of bounds, which WebGPU clamps to some other element.
  if (i < arrayLength(&input)) {
    output[i] = input[i] * input[i];
  }
}
