// Wrong: scans in place in one row, with no barrier between a step's reads and its writes: slot lid - offset may already hold this step's sum when it is read (a data race; terms get counted twice).
@group(0) @binding(0) var<storage, read> input: array<f32>;
@group(0) @binding(1) var<storage, read_write> output: array<f32>;
var<workgroup> buf: array<array<f32, 256>, 2>;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(local_invocation_id) local: vec3u) {
  let lid = local.x;
  let n = arrayLength(&input);
  var value = 0.0;
  if (gid.x < n) {
    value = input[gid.x];
  }
  buf[0][lid] = value;
  workgroupBarrier();
  var src = 0u;
  for (var offset = 1u; offset < 256u; offset = offset * 2u) {
    if (lid >= offset) {
      buf[0][lid] = buf[0][lid] + buf[0][lid - offset];
    }
    workgroupBarrier();
  }
  if (gid.x < n) {
    output[gid.x] = buf[src][lid];
  }
}
