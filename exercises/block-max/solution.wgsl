@group(0) @binding(0) var<storage, read> input: array<f32>;
@group(0) @binding(1) var<storage, read_write> maxima: array<f32>;

var<workgroup> tile: array<f32, 64>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u,
        @builtin(local_invocation_id) local: vec3u,
        @builtin(workgroup_id) wid: vec3u) {
  let lid = local.x;
  let n = arrayLength(&input);

  // A workgroup is only dispatched for a block that has at least one element,
  // so its first element, input[64 * wid.x], always exists. It is a safe pad:
  // the block's maximum is at least that value, so copies of it cannot win.
  // (0 would win over an all-negative block.) An if, not select(): select
  // evaluates both operands, so it would read input[gid.x] past the end.
  var value = input[64u * wid.x];
  if (gid.x < n) {
    value = input[gid.x];
  }
  tile[lid] = value;
  // Each invocation reads other invocations' slots below: all loads first.
  workgroupBarrier();

  // max is associative and commutative, so the order of combining does not
  // matter. Each round halves the live values: 64 -> 32 -> ... -> 1.
  // The loop bounds do not depend on the invocation, so every invocation
  // reaches every barrier (uniform control flow).
  for (var stride = 32u; stride > 0u; stride = stride / 2u) {
    if (lid < stride) {
      tile[lid] = max(tile[lid], tile[lid + stride]);
    }
    // The next round reads slots written in this one.
    workgroupBarrier();
  }

  if (lid == 0u) {
    maxima[wid.x] = tile[0];
  }
}
