@group(0) @binding(0) var<storage, read> x: array<f32>;     // height rows of width values, row-major
@group(0) @binding(1) var<storage, read> bias: array<f32>;  // width values, one per column
@group(0) @binding(2) var<storage, read_write> out: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) id: vec3u) {
  let i = id.x;
  let width = arrayLength(&bias);
  // The grid covers the flat array rounded up to whole workgroups; the spare
  // invocations must not write.
  if (i >= arrayLength(&x)) {
    return;
  }
  // Row-major: i = row * width + col with 0 <= col < width, so the remainder
  // of i / width is the column. Broadcasting is just this index: every row
  // maps onto the same `width` bias values, with no copy of the bias made.
  let col = i % width;
  out[i] = x[i] + bias[col];
}
