@group(0) @binding(0) var<storage, read> input: array<f32>;
@group(0) @binding(1) var<storage, read_write> output: array<f32>;

// Two rows of 256: each step reads one row and writes the other.
var<workgroup> buf: array<array<f32, 256>, 2>;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3u,
        @builtin(local_invocation_id) local: vec3u) {
  let lid = local.x;
  let n = arrayLength(&input);

  var value = 0.0;
  if (gid.x < n) {
    value = input[gid.x];
  }
  buf[0][lid] = value;
  workgroupBarrier();
  var src = 0u; // the row that holds the current values

  // TODO: eight steps, offset = 1, 2, 4, ..., 128. In each, slot lid of the
  // other row becomes buf[src][lid] + buf[src][lid - offset] (just
  // buf[src][lid] if lid < offset). Then a barrier, and swap the rows.

  if (gid.x < n) {
    output[gid.x] = buf[src][lid];
  }
}
