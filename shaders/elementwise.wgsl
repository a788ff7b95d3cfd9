// Elementwise kernels: unary, binary and where over strided views.
//
// One invocation writes one element of the contiguous output. It turns its
// linear output index into coordinates of the output shape and, from those,
// into an element index of each input through that input's strides and offset
// (stride 0 = broadcast). Storage is bound as raw 32-bit words (array<u32>):
// the dtype of each binding decides, through bitcast, whether a word is an f32
// or an i32, so one shader serves float32 and int32 tensors.
//
// Specialisation is done with pipeline-overridable constants (`override`), not
// string templating: the host compiles one pipeline per (entry point, OP, RANK,
// dtype flags) and the compiler folds the switch on OP away.

// Up to 8 axes: shape and strides are packed four per vec4 (uniform arrays need 16-byte elements).
struct Params {
  shape: array<vec4<u32>, 2>,
  numel: u32,
  param: f32,          // leakyRelu's alpha
  pad0: u32,
  pad1: u32,
  strides: array<array<vec4<i32>, 2>, 3>,  // per input
  offsets: vec4<i32>,                      // per input (x, y, z)
}

override OP: u32 = 0u;
override RANK: u32 = 1u;
// All inputs are contiguous with the output's shape: skip the index arithmetic.
override CONTIGUOUS: bool = false;
// Compute in i32 (exact integer arithmetic) instead of f32.
override INT_MATH: bool = false;
override IN0_INT: bool = false;
override IN1_INT: bool = false;
override IN2_INT: bool = false;
override OUT_INT: bool = false;
override WORKGROUP_SIZE: u32 = 256u;

@group(0) @binding(0) var<storage, read> in0: array<u32>;
@group(0) @binding(1) var<storage, read> in1: array<u32>;
@group(0) @binding(2) var<storage, read> in2: array<u32>;
@group(0) @binding(3) var<storage, read_write> out: array<u32>;
@group(0) @binding(4) var<uniform> params: Params;

// Outputs per invocation, 1 or 4. With 4, each invocation writes 4
// consecutive outputs along the innermost axis (the host checks that axis's
// extent is a multiple of 4, so they share all outer coordinates): the index
// arithmetic and the bounds check are paid once per 4 elements. On SwiftShader
// that per-invocation overhead dominated simple ops like exp.
override PER_INVOCATION: u32 = 1u;

// Large dispatches are folded into 2-D grids (at most 65535 workgroups per
// dimension), so the linear index is rebuilt from both workgroup coordinates.
// Returns the first of this invocation's PER_INVOCATION outputs.
fn linearIndex(wid: vec3<u32>, nwg: vec3<u32>, lid: u32) -> u32 {
  return ((wid.y * nwg.x + wid.x) * WORKGROUP_SIZE + lid) * PER_INVOCATION;
}

// One axis of the walk from a linear output index to input indices: the
// coordinate along an axis of `extent` elements, and what is left for the
// axes outside it. One division serves both (rest - outer * extent).
fn walkAxis(extent: u32, strides: vec3<i32>, rest: ptr<function, u32>, index: ptr<function, vec3<i32>>) {
  let outer = *rest / extent;
  *index += i32(*rest - outer * extent) * strides;
  *rest = outer;
}

fn stridesOf(q: u32, c: u32) -> vec3<i32> {
  return vec3<i32>(params.strides[0][q][c], params.strides[1][q][c], params.strides[2][q][c]);
}

// Element index of output element `i` in each of the three inputs.
//
// The axes are unrolled by hand with constant indices into params (RANK is a
// pipeline constant): a loop indexing the uniform arrays with its counter made
// SwiftShader fetch every shape and stride per invocation as a gather, and the
// whole strided path ran ~4x slower than the contiguous one.
fn sourceIndices(i: u32) -> vec3<i32> {
  if (CONTIGUOUS) {
    return params.offsets.xyz + vec3<i32>(i32(i));
  }
  var rest = i;
  var index = params.offsets.xyz;
  // Innermost (RANK - 1) first.
  if (RANK > 7u) { walkAxis(params.shape[1].w, stridesOf(1u, 3u), &rest, &index); }
  if (RANK > 6u) { walkAxis(params.shape[1].z, stridesOf(1u, 2u), &rest, &index); }
  if (RANK > 5u) { walkAxis(params.shape[1].y, stridesOf(1u, 1u), &rest, &index); }
  if (RANK > 4u) { walkAxis(params.shape[1].x, stridesOf(1u, 0u), &rest, &index); }
  if (RANK > 3u) { walkAxis(params.shape[0].w, stridesOf(0u, 3u), &rest, &index); }
  if (RANK > 2u) { walkAxis(params.shape[0].z, stridesOf(0u, 2u), &rest, &index); }
  if (RANK > 1u) { walkAxis(params.shape[0].y, stridesOf(0u, 1u), &rest, &index); }
  // Axis 0 is outermost: what is left is its coordinate, no division needed.
  return index + i32(rest) * stridesOf(0u, 0u);
}

// Input index step between consecutive outputs along the innermost axis.
fn innerStrides() -> vec3<i32> {
  if (CONTIGUOUS) { return vec3<i32>(1); }
  return stridesOf((RANK - 1u) / 4u, (RANK - 1u) % 4u);
}

fn asFloat(word: u32, isInt: bool) -> f32 {
  if (isInt) { return f32(bitcast<i32>(word)); }
  return bitcast<f32>(word);
}

fn asInt(word: u32, isInt: bool) -> i32 {
  if (isInt) { return bitcast<i32>(word); }
  return i32(bitcast<f32>(word));
}

// Float to int32 as JavaScript stores into an Int32Array: truncate, and NaN
// or +-Infinity become 0 (WGSL alone would saturate them).
fn storeFloat(i: u32, value: f32) {
  if (OUT_INT) {
    let finite = (bitcast<u32>(value) & 0x7f800000u) != 0x7f800000u;
    out[i] = select(0u, bitcast<u32>(i32(value)), finite);
  } else {
    out[i] = bitcast<u32>(value);
  }
}

fn storeInt(i: u32, value: i32) {
  if (OUT_INT) { out[i] = bitcast<u32>(value); } else { out[i] = bitcast<u32>(f32(value)); }
}

// tanh through exp of a non-positive argument, so large |x| gives +-1, never inf/inf.
fn stableTanh(x: f32) -> f32 {
  let e = exp(-2.0 * abs(x));
  return sign(x) * (1.0 - e) / (1.0 + e);
}

fn stableSigmoid(x: f32) -> f32 {
  if (x >= 0.0) { return 1.0 / (1.0 + exp(-x)); }
  let e = exp(x);
  return e / (1.0 + e);
}

const GELU_C = 0.7978845608028654;  // sqrt(2 / pi)

// Op codes: the order of UNARY_OPS in kernels/elementwise.ts.
fn unaryFloat(x: f32) -> f32 {
  switch OP {
    case 0u: { return x; }                                  // identity
    case 1u: { return -x; }                                 // neg
    case 2u: { return abs(x); }                             // abs
    case 3u: { return sign(x); }                            // sign
    case 4u: { return exp(x); }                             // exp
    case 5u: { return log(x); }                             // log
    case 6u: { return sqrt(x); }                            // sqrt
    case 7u: { return inverseSqrt(x); }                     // rsqrt
    case 8u: { return x * x; }                              // square
    case 9u: { return 1.0 / x; }                            // reciprocal
    case 10u: { return max(x, 0.0); }                       // relu
    case 11u: { return select(0.0, 1.0, x > 0.0); }         // step
    case 12u: { return select(params.param * x, x, x > 0.0); }  // leakyRelu
    case 13u: { return select(params.param, 1.0, x > 0.0); }    // leakyReluGrad
    case 14u: { return stableSigmoid(x); }                  // sigmoid
    case 15u: { return stableTanh(x); }                     // tanh
    case 16u: {                                             // gelu
      return 0.5 * x * (1.0 + stableTanh(GELU_C * (x + 0.044715 * x * x * x)));
    }
    case 17u: {                                             // geluGrad
      let t = stableTanh(GELU_C * (x + 0.044715 * x * x * x));
      let dInner = GELU_C * (1.0 + 3.0 * 0.044715 * x * x);
      return 0.5 * (1.0 + t) + 0.5 * x * (1.0 - t * t) * dInner;
    }
    default: { return x; }                                  // toFloat, toInt: the conversion is in load/store
  }
}

// Only the ops that are exact on integers run in i32; the host sends the rest through unaryFloat.
fn unaryInt(x: i32) -> i32 {
  switch OP {
    case 1u: { return -x; }
    case 2u: { return abs(x); }
    case 3u: { return sign(x); }
    case 8u: { return x * x; }
    case 10u: { return max(x, 0); }
    case 11u: { return select(0, 1, x > 0); }
    default: { return x; }
  }
}

// pow as JavaScript's Math.pow for the cases WGSL leaves undefined: x^0 = 1,
// a negative base with an integer exponent, and NaN for a negative base with a
// fractional one.
fn powJs(x: f32, y: f32) -> f32 {
  if (y == 0.0) { return 1.0; }
  if (x < 0.0) {
    // A NaN (built from x at run time: WGSL forbids NaN constants).
    if (floor(y) != y) { return bitcast<f32>(0x7fc00000u | (bitcast<u32>(x) & 0u)); }
    let magnitude = pow(-x, y);
    return select(magnitude, -magnitude, (abs(y) % 2.0) == 1.0);
  }
  return pow(x, y);
}

// Op codes: the order of BINARY_OPS in kernels/elementwise.ts.
fn binaryFloat(a: f32, b: f32) -> f32 {
  switch OP {
    case 0u: { return a + b; }
    case 1u: { return a - b; }
    case 2u: { return a * b; }
    case 3u: { return a / b; }
    case 4u: { return powJs(a, b); }
    case 5u: { return max(a, b); }
    case 6u: { return min(a, b); }
    case 7u: { return select(0.0, 1.0, a == b); }
    case 8u: { return select(0.0, 1.0, a != b); }
    case 9u: { return select(0.0, 1.0, a < b); }
    case 10u: { return select(0.0, 1.0, a <= b); }
    case 11u: { return select(0.0, 1.0, a > b); }
    default: { return select(0.0, 1.0, a >= b); }
  }
}

fn binaryInt(a: i32, b: i32) -> i32 {
  switch OP {
    case 0u: { return a + b; }
    case 1u: { return a - b; }
    case 2u: { return a * b; }
    case 5u: { return max(a, b); }
    case 6u: { return min(a, b); }
    case 7u: { return select(0, 1, a == b); }
    case 8u: { return select(0, 1, a != b); }
    case 9u: { return select(0, 1, a < b); }
    case 10u: { return select(0, 1, a <= b); }
    case 11u: { return select(0, 1, a > b); }
    default: { return select(0, 1, a >= b); }
  }
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn unary_main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
              @builtin(local_invocation_index) lid: u32) {
  let first = linearIndex(wid, nwg, lid);
  if (first >= params.numel) { return; }
  let start = sourceIndices(first).x;
  let step = innerStrides().x;
  for (var j = 0u; j < PER_INVOCATION; j++) {
    let i = first + j;
    let word = in0[start + i32(j) * step];
    if (INT_MATH) {
      storeInt(i, unaryInt(asInt(word, IN0_INT)));
    } else {
      storeFloat(i, unaryFloat(asFloat(word, IN0_INT)));
    }
  }
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn binary_main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
               @builtin(local_invocation_index) lid: u32) {
  let first = linearIndex(wid, nwg, lid);
  if (first >= params.numel) { return; }
  let start = sourceIndices(first);
  let step = innerStrides();
  for (var j = 0u; j < PER_INVOCATION; j++) {
    let i = first + j;
    let index = start + i32(j) * step;
    let a = in0[index.x];
    let b = in1[index.y];
    if (INT_MATH) {
      storeInt(i, binaryInt(asInt(a, IN0_INT), asInt(b, IN1_INT)));
    } else {
      storeFloat(i, binaryFloat(asFloat(a, IN0_INT), asFloat(b, IN1_INT)));
    }
  }
}

// where(cond, a, b): cond is in0, a is in1, b is in2.
@compute @workgroup_size(WORKGROUP_SIZE)
fn where_main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
              @builtin(local_invocation_index) lid: u32) {
  let first = linearIndex(wid, nwg, lid);
  if (first >= params.numel) { return; }
  let start = sourceIndices(first);
  let step = innerStrides();
  for (var j = 0u; j < PER_INVOCATION; j++) {
    let i = first + j;
    let index = start + i32(j) * step;
    let condWord = in0[index.x];
    // -0.0 is false, as in JavaScript: test the value, not the bits, for floats.
    let takeA = select(bitcast<f32>(condWord) != 0.0, condWord != 0u, IN0_INT);
    if (INT_MATH) {
      storeInt(i, select(asInt(in2[index.z], IN2_INT), asInt(in1[index.y], IN1_INT), takeA));
    } else {
      storeFloat(i, select(asFloat(in2[index.z], IN2_INT), asFloat(in1[index.y], IN1_INT), takeA));
    }
  }
}
