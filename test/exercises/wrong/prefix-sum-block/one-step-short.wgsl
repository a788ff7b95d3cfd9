// Wrong: the loop stops before offset 128 (offset < 128), so slots 128..255 miss the first part of their block (off-by-one in the number of steps).
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
  for (var offset = 1u; offset < 128u; offset = offset * 2u) {
    var v = buf[src][lid];
    if (lid >= offset) {
      v = v + buf[src][lid - offset];
    }
    buf[1u - src][lid] = v;
    workgroupBarrier();
    src = 1u - src;
  }
  if (gid.x < n) {
    output[gid.x] = buf[src][lid];
  }
}
