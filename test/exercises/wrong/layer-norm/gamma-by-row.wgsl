// Wrong: indexes gamma and beta by row instead of by column; they are per feature, shared by every row.
struct Dims {
  rows: u32,  // vectors to normalise (one workgroup each)
  cols: u32,  // features per vector
}

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read> gamma: array<f32>;
@group(0) @binding(2) var<storage, read> beta: array<f32>;
@group(0) @binding(3) var<storage, read_write> out: array<f32>;
@group(0) @binding(4) var<uniform> dims: Dims;

const WORKGROUP_SIZE: u32 = 64u;
const EPS: f32 = 1e-5;

var<workgroup> partial: array<f32, 64>;

// The sum of every invocation's `value`, returned to all 64 invocations.
// Called from uniform control flow (every invocation calls it the same number
// of times), so every invocation reaches every barrier inside.
fn workgroupSum(lid: u32, value: f32) -> f32 {
  partial[lid] = value;
  workgroupBarrier();
  // Lesson 6's tree: six rounds halve 64 partial sums down to one.
  for (var stride = WORKGROUP_SIZE / 2u; stride > 0u; stride = stride / 2u) {
    if (lid < stride) {
      partial[lid] = partial[lid] + partial[lid + stride];
    }
    workgroupBarrier();
  }
  let total = partial[0];
  // Everyone must have read partial[0] before anyone starts the next sum
  // and overwrites partial[0] with its own value: without this barrier,
  // invocation 0 can run ahead and clobber the mean others are still reading.
  workgroupBarrier();
  return total;
}

@compute @workgroup_size(64)
fn main(@builtin(local_invocation_id) local: vec3u,
        @builtin(workgroup_id) wid: vec3u) {
  let lid = local.x;
  let cols = dims.cols;
  let start = wid.x * cols;  // this workgroup's row

  // A row can be longer than the workgroup, so each invocation first sums
  // columns lid, lid + 64, lid + 128, ... in a register (lesson 5's strided
  // loop); neighbouring invocations read neighbouring addresses.
  var sum = 0.0;
  for (var c = lid; c < cols; c += WORKGROUP_SIZE) {
    sum += x[start + c];
  }
  let mean = workgroupSum(lid, sum) / f32(cols);

  // Second pass over the row for the variance: the mean of (x - mean)².
  // Subtracting the mean first keeps the squares small; the one-pass
  // E[x²] - mean² cancels catastrophically when |mean| >> spread.
  // Biased (divide by cols, not cols - 1): layer norm uses the row's own
  // statistics, not an estimate of a population's.
  var squares = 0.0;
  for (var c = lid; c < cols; c += WORKGROUP_SIZE) {
    let d = x[start + c] - mean;
    squares += d * d;
  }
  let variance = workgroupSum(lid, squares) / f32(cols);

  // eps inside the square root keeps a constant row (variance 0) finite and
  // limits how much a nearly constant row is amplified.
  let scale = inverseSqrt(variance + EPS);
  for (var c = lid; c < cols; c += WORKGROUP_SIZE) {
    // gamma and beta are per feature (column), shared by every row.
    out[start + c] = (x[start + c] - mean) * scale * gamma[wid.x] + beta[wid.x];
  }
}
