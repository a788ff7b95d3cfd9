@group(0) @binding(0) var<storage, read> a: array<f32>;
@group(0) @binding(1) var<storage, read_write> out: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) id: vec3u) {
  // The body of the CPU loop `for (i = 0; i < n; i++)` becomes the kernel, and
  // the loop counter becomes the invocation's global id: every value of i from
  // 0 to n - 1 is some invocation's id, so every element is computed once.
  let i = id.x;
  // ceil(n / 64) workgroups of 64 make at least n invocations, up to 63 more.
  // Those extra ids are >= n and must neither read a nor write out.
  if (i < arrayLength(&a)) {
    // Invocation i reads and writes only element i: no two invocations touch
    // the same memory, so they may run in any order, or all at once.
    out[i] = 2.0 * a[i] + 1.0;
  }
}
