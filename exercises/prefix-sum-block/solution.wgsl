@group(0) @binding(0) var<storage, read> input: array<f32>;
@group(0) @binding(1) var<storage, read_write> output: array<f32>;

// Two rows of 256 f32 (2 KiB): each step reads one row and writes the other.
var<workgroup> buf: array<array<f32, 256>, 2>;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3u,
        @builtin(local_invocation_id) local: vec3u) {
  let lid = local.x;
  let n = arrayLength(&input);

  // Zero past the end: it adds nothing to the totals of the real elements.
  // (An if, not select(): select would still read input[gid.x] past the end.)
  var value = 0.0;
  if (gid.x < n) {
    value = input[gid.x];
  }
  buf[0][lid] = value;
  workgroupBarrier();
  var src = 0u;

  // Invariant: after the step with offset d, buf[src][i] is the sum of the
  // 2d elements ending at i (all of them from 0 if i < 2d). The step adds two
  // adjacent windows of d, so after offset 128 each slot sums 256 elements,
  // that is, the whole block up to it.
  for (var offset = 1u; offset < 256u; offset = offset * 2u) {
    var v = buf[src][lid];
    if (lid >= offset) {
      v = v + buf[src][lid - offset];
    }
    // Writing the other row means no invocation overwrites a value that a
    // slower invocation has yet to read in this step: the reads all see the
    // previous step's values. In place, slot lid - offset might already hold
    // this step's sum, and the result would depend on timing.
    buf[1u - src][lid] = v;
    // The next step reads slots written by other invocations in this one.
    // One barrier per step is enough: step s+1 writes row src, which step s
    // read, but only after every invocation has passed this barrier.
    workgroupBarrier();
    src = 1u - src;
  }

  if (gid.x < n) {
    output[gid.x] = buf[src][lid];
  }
}
