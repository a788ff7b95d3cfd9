/**
 * The learner's kernels as engine custom ops (engine.registerOp, see
 * src/engine/ops/custom.ts and lesson 9's "Plugging a kernel into the engine"):
 *
 * - `relu`: forward is a tiny WGSL kernel of the demo's; its backward rule
 *   is `reluBackward`, the learner's relu-backward kernel as a custom op
 *   (inputs x, dy; output dx; uniform n: the exercise's bindings).
 * - `linear` (y = x·w + b): forward is the demo's WGSL kernel; its backward
 *   rule calls the learner's linearBackward(engine, x, w, dy), whose engine
 *   ops (matmul, transpose, sum) give dx, dw and db.
 * - `sgdMomentum`: the learner's sgd-momentum kernel (inputs w, grad, v;
 *   output [new w, new v]; uniform n, lr, momentum).
 *
 * The learner's WGSL arrives already instrumented with the loop guard
 * (guardForCustomOp in ../learner-kernels.ts). Each op also has a CPU
 * reference, as registerOp requires; the demo only builds these ops on the
 * WebGPU backend, where the kernels run.
 */
import type { CustomOp, Engine, Tensor } from '../../engine/index';
import type { LinearBackward } from '../learner-kernels';

/** The learner's code for the three exercises, ready to run. */
export interface LearnerKernels {
  /** relu-backward WGSL, loop-guarded. */
  readonly reluBackwardWgsl: string;
  /** sgd-momentum WGSL, loop-guarded. */
  readonly sgdMomentumWgsl: string;
  readonly linearBackward: LinearBackward;
}

export interface LearnerOps {
  readonly relu: CustomOp;
  readonly linear: CustomOp;
  /** (w, grad, v) → [new w, new v] as one 2n-element tensor, for the given learning rate and momentum. */
  sgdMomentum(w: Tensor, grad: Tensor, v: Tensor, lr: number, momentum: number): Tensor;
}

const RELU_FORWARD_WGSL = /* wgsl */ `
struct Params { n: u32 }
@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> y: array<f32>;
@group(0) @binding(2) var<uniform> params: Params;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) id: vec3u) {
  let i = id.x;
  if (i >= params.n) { return; }
  y[i] = max(x[i], 0.0);
}
`;

// One invocation per element of y. The bias is added after the dot product,
// as the built-in x.matmul(w).add(b) does, so both networks round alike.
const LINEAR_FORWARD_WGSL = /* wgsl */ `
struct Dims { rows: u32, inputs: u32, outputs: u32 }
@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read> w: array<f32>;
@group(0) @binding(2) var<storage, read> b: array<f32>;
@group(0) @binding(3) var<storage, read_write> y: array<f32>;
@group(0) @binding(4) var<uniform> dims: Dims;

@compute @workgroup_size(16, 16)
fn main(@builtin(global_invocation_id) id: vec3u) {
  let col = id.x;
  let row = id.y;
  if (row >= dims.rows || col >= dims.outputs) { return; }
  var sum = 0.0;
  for (var k = 0u; k < dims.inputs; k++) {
    sum += x[row * dims.inputs + k] * w[k * dims.outputs + col];
  }
  y[row * dims.outputs + col] = sum + b[col];
}
`;

const count = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);
const perElement = (shape: readonly number[]): [number, number, number] => [Math.ceil(count(shape) / 64), 1, 1];
const f32Bits = (value: number): number => new Uint32Array(Float32Array.of(value).buffer)[0]!;
const shapeText = (shape: readonly number[]): string => `[${shape.join(', ')}]`;

function checkGradient(name: string, got: unknown, want: readonly number[], shapes: string): Tensor {
  const tensor = got as Tensor | undefined;
  if (!tensor || !Array.isArray(tensor.shape)) {
    throw new Error(`your linearBackward returned no tensor "${name}" (${shapes}); return { dx, dw, db }`);
  }
  if (shapeText(tensor.shape) !== shapeText(want)) {
    throw new Error(`your linearBackward returned ${name} of shape ${shapeText(tensor.shape)}, expected ${shapeText(want)} (${shapes})`);
  }
  return tensor;
}

export function createLearnerOps(engine: Engine, kernels: LearnerKernels): LearnerOps {
  const reluBackward = engine.registerOp({
    name: 'reluBackward (your relu-backward kernel)',
    wgsl: { code: kernels.reluBackwardWgsl, workgroups: ([shape]) => perElement(shape!), uniforms: ([shape]) => Uint32Array.of(count(shape!)) },
    cpu: ([x, dy], [shape]) => ({ data: x!.map((v, i) => (v > 0 ? dy![i]! : 0)), shape: shape! }),
    outputShape: ([shape]) => shape!,
  });

  const relu = engine.registerOp({
    name: 'relu (demo forward kernel)',
    wgsl: { code: RELU_FORWARD_WGSL, workgroups: ([shape]) => perElement(shape!), uniforms: ([shape]) => Uint32Array.of(count(shape!)) },
    cpu: ([x], [shape]) => ({ data: x!.map((v) => Math.max(v, 0)), shape: shape! }),
    outputShape: ([shape]) => shape!,
    backward: (dy, [x]) => [reluBackward(x!, dy)],
  });

  const linear = engine.registerOp({
    name: 'linear (demo forward kernel)',
    wgsl: {
      code: LINEAR_FORWARD_WGSL,
      workgroups: ([xShape, wShape]) => [Math.ceil(wShape![1]! / 16), Math.ceil(xShape![0]! / 16), 1],
      uniforms: ([xShape, wShape]) => Uint32Array.of(xShape![0]!, xShape![1]!, wShape![1]!),
    },
    cpu: ([x, w, b], [xShape, wShape]) => {
      const [rows, inputs] = xShape as [number, number];
      const outputs = wShape![1]!;
      const y = new Float32Array(rows * outputs);
      for (let r = 0; r < rows; r++) {
        for (let c = 0; c < outputs; c++) {
          let sum = 0;
          for (let k = 0; k < inputs; k++) sum += x![r * inputs + k]! * w![k * outputs + c]!;
          y[r * outputs + c] = sum + b![c]!;
        }
      }
      return { data: y, shape: [rows, outputs] };
    },
    outputShape: ([xShape, wShape, bShape]) => {
      if (xShape?.length !== 2 || wShape?.length !== 2 || bShape?.length !== 1 || xShape[1] !== wShape[0] || bShape[0] !== wShape[1]) {
        throw new Error(`linear: x ${shapeText(xShape ?? [])}, w ${shapeText(wShape ?? [])}, b ${shapeText(bShape ?? [])} do not fit [B, in], [in, out], [out]`);
      }
      return [xShape[0]!, wShape[1]!];
    },
    backward: (dy, [x, w]) => {
      const shapes = `x ${shapeText(x!.shape)}, w ${shapeText(w!.shape)}, dy ${shapeText(dy.shape)}`;
      const result = kernels.linearBackward(engine, x!, w!, dy) as Partial<Record<'dx' | 'dw' | 'db', unknown>> | null;
      if (typeof result !== 'object' || result === null) throw new Error(`your linearBackward returned ${String(result)} (${shapes}); return { dx, dw, db }`);
      return [
        checkGradient('dx', result.dx, x!.shape, shapes),
        checkGradient('dw', result.dw, w!.shape, shapes),
        checkGradient('db', result.db, [w!.shape[1]!], shapes),
      ];
    },
  });

  // One registered op per (lr, momentum) would be wasteful; the uniform words
  // are computed per call from the values captured below instead.
  let hyper = { lr: 0, momentum: 0 };
  const sgd = engine.registerOp({
    name: 'sgdMomentum (your sgd-momentum kernel)',
    wgsl: {
      code: kernels.sgdMomentumWgsl,
      workgroups: ([shape]) => perElement(shape!),
      uniforms: ([shape]) => Uint32Array.of(count(shape!), f32Bits(hyper.lr), f32Bits(hyper.momentum)),
    },
    cpu: ([w, g, v], [shape]) => {
      const n = count(shape!);
      const out = new Float32Array(2 * n);
      for (let i = 0; i < n; i++) {
        const vNew = Math.fround(Math.fround(hyper.momentum * v![i]!) + g![i]!);
        out[i] = w![i]! - Math.fround(hyper.lr * vNew);
        out[n + i] = vNew;
      }
      return { data: out, shape: [2 * n] };
    },
    outputShape: ([shape]) => [2 * count(shape!)],
  });

  return {
    relu,
    linear,
    sgdMomentum(w, grad, v, lr, momentum) {
      hyper = { lr, momentum };
      return sgd(w, grad, v);
    },
  };
}
