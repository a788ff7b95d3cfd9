/**
 * Launchers for the elementwise family (shaders/elementwise.wgsl): unary,
 * binary, where, and fill (shaders/fill.wgsl).
 *
 * Before launching, the views' axes are simplified: axes of extent 1 are
 * dropped and neighbouring axes that are contiguous in every view are merged.
 * A plain contiguous tensor of any rank thus becomes rank 1 and takes the
 * kernel's CONTIGUOUS path (no index arithmetic), and a broadcast bias add
 * [B, T, C] + [C] becomes rank 2.
 *
 * When the innermost merged axis has a multiple of 4 elements, each
 * invocation writes 4 consecutive outputs (PER_INVOCATION in the shader):
 * fewer invocations, index arithmetic once per 4 elements. On SwiftShader
 * this was the difference that mattered (per-invocation overhead dominated
 * exp and the broadcast ops of softmax); on a GPU it is ordinary
 * multiple-elements-per-thread work and keeps accesses within cache lines.
 */
import type { BinaryOp, DType, UnaryOp, View } from '../../../backend';
import type { DeviceContext } from '../device-context';
import type { GpuStorage } from '../storage';
import { bindStorage, floatBits, foldedGrid } from './dispatch';
import elementwiseWgsl from '../../../../../shaders/elementwise.wgsl?raw';
import fillWgsl from '../../../../../shaders/fill.wgsl?raw';

/** Op codes: the position in these lists is the OP constant in elementwise.wgsl. */
export const UNARY_OPS: readonly UnaryOp[] = [
  'identity', 'neg', 'abs', 'sign', 'exp', 'log', 'sqrt', 'rsqrt', 'square', 'reciprocal',
  'relu', 'step', 'leakyRelu', 'leakyReluGrad', 'sigmoid', 'tanh', 'gelu', 'geluGrad', 'toFloat', 'toInt',
];
export const BINARY_OPS: readonly BinaryOp[] = [
  'add', 'sub', 'mul', 'div', 'pow', 'maximum', 'minimum',
  'equal', 'notEqual', 'less', 'lessEqual', 'greater', 'greaterEqual',
];

/** Ops that are exact in integer arithmetic; the rest of an int32 op goes through f32. */
const INT_EXACT_UNARY = new Set<UnaryOp>(['identity', 'neg', 'abs', 'sign', 'square', 'relu', 'step']);
const INT_EXACT_BINARY = new Set<BinaryOp>([
  'add', 'sub', 'mul', 'maximum', 'minimum', 'equal', 'notEqual', 'less', 'lessEqual', 'greater', 'greaterEqual',
]);

export const MAX_RANK = 8;
const WORKGROUP_SIZE = 256;
const PARAMS_WORDS = 40; // sizeof(Params) in elementwise.wgsl / 4

export interface SimplifiedViews {
  shape: number[];
  strides: number[][];
}

/** Drop extent-1 axes and merge axes that are contiguous in every view. */
export function simplifyViews(shape: readonly number[], strides: readonly (readonly number[])[]): SimplifiedViews {
  const outShape: number[] = [];
  const outStrides: number[][] = strides.map(() => []);
  for (let d = 0; d < shape.length; d++) {
    const extent = shape[d]!;
    if (extent === 1) continue;
    const last = outShape.length - 1;
    // Axis d continues the previous kept axis if, in every view, stepping the
    // previous axis once equals stepping this one `extent` times.
    const mergeable = last >= 0 && strides.every((s, k) => outStrides[k]![last] === s[d]! * extent);
    if (mergeable) {
      outShape[last] = outShape[last]! * extent;
      strides.forEach((s, k) => (outStrides[k]![last] = s[d]!));
    } else {
      outShape.push(extent);
      strides.forEach((s, k) => outStrides[k]!.push(s[d]!));
    }
  }
  return { shape: outShape, strides: outStrides };
}

function elementCount(shape: readonly number[]): number {
  return shape.reduce((n, d) => n * d, 1);
}

function describeView(v: View): string {
  return `[${v.shape.join(',')}] strides [${v.strides.join(',')}] offset ${v.offset}`;
}

type Entry = 'unary_main' | 'binary_main' | 'where_main';

function launch(
  ctx: DeviceContext,
  label: string,
  entry: Entry,
  opCode: number,
  intMath: boolean,
  inputs: { view: View; storage: GpuStorage }[],
  out: GpuStorage,
  param: number,
): void {
  const numel = out.size;
  if (numel === 0) return;
  const simplified = simplifyViews(
    inputs[0]!.view.shape,
    inputs.map((i) => i.view.strides),
  );
  const rank = simplified.shape.length;
  if (rank > MAX_RANK) {
    throw new Error(
      `${label}: views of rank ${rank} after merging contiguous axes exceed the WebGPU kernel's ${MAX_RANK}; ` +
        `materialise (identity) part of the view first. Views: ${inputs.map((i) => describeView(i.view)).join('; ')}`,
    );
  }
  const contiguous = simplified.strides.every((s) => s.every((stride) => stride === 1));
  const innermost = rank === 0 ? 1 : simplified.shape[rank - 1]!;
  const perInvocation = innermost % 4 === 0 ? 4 : 1;

  const words = new Uint32Array(PARAMS_WORDS);
  const signed = new Int32Array(words.buffer);
  for (let d = 0; d < MAX_RANK; d++) words[d] = d < rank ? simplified.shape[d]! : 1;
  words[8] = numel;
  words[9] = floatBits(param);
  inputs.forEach((input, k) => {
    for (let d = 0; d < rank; d++) signed[12 + k * 8 + d] = simplified.strides[k]![d]!;
    signed[36 + k] = input.view.offset;
  });

  const isInt = (dtype: DType) => (dtype === 'int32' ? 1 : 0);
  const constants: Record<string, number> = {
    OP: opCode,
    RANK: Math.max(rank, 1),
    CONTIGUOUS: contiguous ? 1 : 0,
    INT_MATH: intMath ? 1 : 0,
    OUT_INT: isInt(out.dtype),
    WORKGROUP_SIZE,
    PER_INVOCATION: perInvocation,
  };
  inputs.forEach((input, k) => (constants[`IN${k}_INT`] = isInt(input.storage.dtype)));

  const inputBindings = inputs.map((_, k) => [k, 'read-only-storage'] as const);
  const kernel = ctx.kernel('elementwise.wgsl', elementwiseWgsl, entry, constants, [
    ...inputBindings,
    [3, 'storage'],
    [4, 'uniform'],
  ]);
  ctx.recorder.dispatch({
    label,
    ...kernel,
    buffers: [...inputs.map((input, k) => bindStorage(ctx, k, input.storage)), bindStorage(ctx, 3, out)],
    uniform: { binding: 4, words },
    workgroups: foldedGrid(ctx, Math.ceil(numel / perInvocation / WORKGROUP_SIZE)),
  });
}

export function unary(ctx: DeviceContext, op: UnaryOp, x: View, xStorage: GpuStorage, out: GpuStorage, param: number): void {
  const code = UNARY_OPS.indexOf(op);
  const intMath = xStorage.dtype === 'int32' && INT_EXACT_UNARY.has(op);
  launch(ctx, `unary ${op}`, 'unary_main', code, intMath, [{ view: x, storage: xStorage }], out, param);
}

export function binary(
  ctx: DeviceContext,
  op: BinaryOp,
  a: View,
  aStorage: GpuStorage,
  b: View,
  bStorage: GpuStorage,
  out: GpuStorage,
): void {
  const code = BINARY_OPS.indexOf(op);
  const intMath = aStorage.dtype === 'int32' && bStorage.dtype === 'int32' && INT_EXACT_BINARY.has(op);
  launch(ctx, `binary ${op}`, 'binary_main', code, intMath, [
    { view: a, storage: aStorage },
    { view: b, storage: bStorage },
  ], out, 0);
}

export function where(
  ctx: DeviceContext,
  cond: View,
  condStorage: GpuStorage,
  a: View,
  aStorage: GpuStorage,
  b: View,
  bStorage: GpuStorage,
  out: GpuStorage,
): void {
  // Selecting is exact in either arithmetic; integers stay integers when everything is int32.
  const intMath = aStorage.dtype === 'int32' && bStorage.dtype === 'int32' && out.dtype === 'int32';
  launch(ctx, 'where', 'where_main', 0, intMath, [
    { view: cond, storage: condStorage },
    { view: a, storage: aStorage },
    { view: b, storage: bStorage },
  ], out, 0);
}

export function fill(ctx: DeviceContext, out: GpuStorage, value: number): void {
  if (out.size === 0) return;
  const word = out.dtype === 'int32' ? new Uint32Array(new Int32Array([value]).buffer)[0]! : floatBits(value);
  const kernel = ctx.kernel('fill.wgsl', fillWgsl, 'main', { WORKGROUP_SIZE }, [
    [0, 'storage'],
    [1, 'uniform'],
  ]);
  ctx.recorder.dispatch({
    label: `fill ${value}`,
    ...kernel,
    buffers: [bindStorage(ctx, 0, out)],
    uniform: { binding: 1, words: new Uint32Array([out.size, word, 0, 0]) },
    workgroups: foldedGrid(ctx, Math.ceil(out.size / WORKGROUP_SIZE)),
  });
}

export { elementCount };
