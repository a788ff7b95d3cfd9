// Reductions (sum, max, min, argmax, argmin) over the middle axis of a
// contiguous tensor viewed as [outer, reduceSize, inner].
//
// Two strategies, picked on the host (kernels/reduce.ts):
// - reduce_workgroup: one workgroup per output. Each invocation first walks
//   the axis with a stride of WORKGROUP_SIZE, accumulating privately (a
//   grid-stride loop), then the workgroup combines its partial results in a
//   tree through workgroup memory: log2(WORKGROUP_SIZE) steps, each halving
//   the number of active invocations. For long axes.
// - reduce_serial: one invocation per output walks the whole axis. For short
//   axes, where a workgroup per output would leave most invocations idle.
//
// Values travel as raw 32-bit words (X_INT says whether they are i32 or f32).
// argmax/argmin carry (value, index) pairs and keep the lowest index on ties.

struct Params {
  outer: u32,
  reduceSize: u32,
  inner: u32,
  numOutputs: u32,
}

override OP: u32 = 0u;  // 0 sum, 1 max, 2 min, 3 argmax, 4 argmin
override X_INT: bool = false;
override WORKGROUP_SIZE: u32 = 64u;

@group(0) @binding(0) var<storage, read> x: array<u32>;
@group(0) @binding(1) var<storage, read_write> out: array<u32>;
@group(0) @binding(2) var<uniform> params: Params;

var<workgroup> partialValue: array<u32, WORKGROUP_SIZE>;
var<workgroup> partialIndex: array<u32, WORKGROUP_SIZE>;

const NO_INDEX = 0xffffffffu;

struct Partial {
  value: u32,
  index: u32,
}

// The neutral element: 0 for sum, -inf (or the smallest i32) for max, +inf (largest i32) for min.
fn identity() -> Partial {
  var value = 0u;
  let maxLike = OP == 1u || OP == 3u;
  let minLike = OP == 2u || OP == 4u;
  if (X_INT) {
    if (maxLike) { value = 0x80000000u; }
    if (minLike) { value = 0x7fffffffu; }
  } else {
    if (maxLike) { value = 0xff800000u; }
    if (minLike) { value = 0x7f800000u; }
  }
  return Partial(value, NO_INDEX);
}

// Is `a` strictly greater than `b` in the tensor's dtype?
fn greater(a: u32, b: u32) -> bool {
  if (X_INT) { return bitcast<i32>(a) > bitcast<i32>(b); }
  return bitcast<f32>(a) > bitcast<f32>(b);
}

// Value equality (so 0.0 equals -0.0, and NaN equals nothing).
fn equal(a: u32, b: u32) -> bool {
  if (X_INT) { return a == b; }
  return bitcast<f32>(a) == bitcast<f32>(b);
}

// Does the candidate beat the current best? Ties go to the lower index so the
// first occurrence wins whichever order partial results meet in.
fn beats(candidate: Partial, best: Partial, wantMax: bool) -> bool {
  let better = select(greater(best.value, candidate.value), greater(candidate.value, best.value), wantMax);
  let tie = equal(candidate.value, best.value);
  return better || (tie && candidate.index < best.index);
}

fn combine(a: Partial, b: Partial) -> Partial {
  if (OP == 0u) {
    if (X_INT) { return Partial(bitcast<u32>(bitcast<i32>(a.value) + bitcast<i32>(b.value)), 0u); }
    return Partial(bitcast<u32>(bitcast<f32>(a.value) + bitcast<f32>(b.value)), 0u);
  }
  let wantMax = OP == 1u || OP == 3u;
  if (beats(b, a, wantMax)) { return b; }
  return a;
}

fn result(p: Partial) -> u32 {
  if (OP >= 3u) {
    return select(p.index, 0u, p.index == NO_INDEX);  // all-NaN rows report index 0
  }
  return p.value;
}

// First element of output `o` and the distance between consecutive reduced elements.
fn rowStart(o: u32) -> u32 {
  let outerIndex = o / params.inner;
  let innerIndex = o % params.inner;
  return outerIndex * params.reduceSize * params.inner + innerIndex;
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn reduce_workgroup(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
                    @builtin(local_invocation_index) lid: u32) {
  // One output per workgroup; grids over 65535 outputs are folded into 2-D.
  let o = wid.y * nwg.x + wid.x;
  if (o >= params.numOutputs) { return; }  // uniform per workgroup, so the barriers below stay valid
  let start = rowStart(o);
  var acc = identity();
  for (var r = lid; r < params.reduceSize; r += WORKGROUP_SIZE) {
    acc = combine(acc, Partial(x[start + r * params.inner], r));
  }
  partialValue[lid] = acc.value;
  partialIndex[lid] = acc.index;
  for (var span = WORKGROUP_SIZE / 2u; span > 0u; span = span / 2u) {
    workgroupBarrier();
    if (lid < span) {
      let merged = combine(Partial(partialValue[lid], partialIndex[lid]),
                           Partial(partialValue[lid + span], partialIndex[lid + span]));
      partialValue[lid] = merged.value;
      partialIndex[lid] = merged.index;
    }
  }
  if (lid == 0u) {
    out[o] = result(Partial(partialValue[0], partialIndex[0]));
  }
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn reduce_serial(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
                 @builtin(local_invocation_index) lid: u32) {
  let o = (wid.y * nwg.x + wid.x) * WORKGROUP_SIZE + lid;
  if (o >= params.numOutputs) { return; }
  let start = rowStart(o);
  var acc = identity();
  for (var r = 0u; r < params.reduceSize; r++) {
    acc = combine(acc, Partial(x[start + r * params.inner], r));
  }
  out[o] = result(acc);
}
