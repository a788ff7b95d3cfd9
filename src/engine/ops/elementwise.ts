/**
 * Elementwise ops: NumPy broadcasting, binary arithmetic and comparisons,
 * where, the unary functions and dtype casts, each with its gradient.
 *
 * Broadcasting costs no copy: an operand is handed to the backend as a view
 * whose missing or size-1 axes have stride 0.
 *
 * Dtypes: both operands must share a dtype (a JavaScript number takes the
 * other operand's dtype). Comparisons return 1/0 in that same dtype, so
 * `argmax(...).equal(labels)` is int32; `mean` converts int32 to float32.
 * int32 division truncates toward zero.
 */
import type { BinaryOp, DType, UnaryOp, View } from '../backend';
import { applyOp, composite, type OpDefinition } from '../autograd';
import type { Engine } from '../engine';
import { EngineError, formatShape } from '../errors';
import type { Tensor, TensorLike } from '../tensor';

/** The NumPy broadcast of two shapes (align right; each pair of dims equal or one of them 1). */
export function broadcastShapes(op: string, a: readonly number[], b: readonly number[]): number[] {
  const rank = Math.max(a.length, b.length);
  const shape = new Array<number>(rank);
  for (let i = 1; i <= rank; i++) {
    const dimA = a[a.length - i] ?? 1;
    const dimB = b[b.length - i] ?? 1;
    if (dimA !== dimB && dimA !== 1 && dimB !== 1) {
      throw new EngineError(op, `shapes ${formatShape(a)} and ${formatShape(b)} cannot broadcast (axis ${-i}: ${dimA} vs ${dimB})`);
    }
    shape[rank - i] = dimA === 1 ? dimB : dimA;
  }
  return shape;
}

/** `view` seen with `shape` (a broadcast of its own shape): new and size-1 axes get stride 0. */
export function broadcastView(view: View, shape: readonly number[]): View {
  const lead = shape.length - view.shape.length;
  const strides = shape.map((dim, axis) => {
    if (axis < lead) return 0;
    return view.shape[axis - lead] === 1 && dim !== 1 ? 0 : view.strides[axis - lead]!;
  });
  return { storage: view.storage, shape: [...shape], strides, offset: view.offset };
}

export function requireFloat(op: string, x: Tensor): void {
  if (x.dtype !== 'float32') {
    throw new EngineError(op, `expects a float32 tensor, got int32 ${formatShape(x.shape)} (convert it with .toFloat())`);
  }
}

// ---------------------------------------------------------------- binary ops

function binaryPrimitive(engine: Engine, op: BinaryOp, a: Tensor, b: Tensor): Tensor {
  const shape = broadcastShapes(op, a.shape, b.shape);
  const out = engine.empty(shape, a.dtype);
  engine.backend.binary(op, broadcastView(a.view, shape), broadcastView(b.view, shape), out.storage);
  return out;
}

type BinaryBackward = OpDefinition['backward'];

function binaryDefinition(op: BinaryOp, backward?: BinaryBackward): OpDefinition {
  return {
    name: op,
    forward: ({ engine, inputs: [a, b] }) => binaryPrimitive(engine, op, a!, b!),
    ...(backward ? { backward } : {}),
  };
}

/** The share of the gradient `a` gets from maximum/minimum: 1 where it wins, 1/2 on ties. */
function winnerWeight(engine: Engine, wins: Tensor, a: Tensor, b: Tensor): Tensor {
  return engine.add(wins, engine.mul(engine.equal(a, b), 0.5));
}

const binaryDefinitions: Record<BinaryOp, OpDefinition> = {
  add: binaryDefinition('add', (_, grad) => [grad, grad]),
  sub: binaryDefinition('sub', ({ engine }, grad) => [grad, engine.neg(grad)]),
  mul: binaryDefinition('mul', ({ engine, inputs: [a, b] }, grad) => [engine.mul(grad, b!), engine.mul(grad, a!)]),
  // d(a/b)/da = 1/b, d(a/b)/db = -a/b^2 = -out/b
  div: binaryDefinition('div', ({ engine, inputs: [, b], output }, grad) => {
    const gradA = engine.div(grad, b!);
    return [gradA, engine.neg(engine.mul(gradA, output))];
  }),
  // d(a^b)/da = b a^(b-1), d(a^b)/db = a^b ln a
  pow: binaryDefinition('pow', ({ engine, inputs: [a, b], output, needsInputGrad }, grad) => [
    needsInputGrad[0] ? engine.mul(grad, engine.mul(b!, engine.pow(a!, engine.sub(b!, 1)))) : null,
    needsInputGrad[1] ? engine.mul(grad, engine.mul(output, engine.log(a!))) : null,
  ]),
  maximum: binaryDefinition('maximum', ({ engine, inputs: [a, b] }, grad) => {
    const weightA = winnerWeight(engine, engine.greater(a!, b!), a!, b!);
    return [engine.mul(grad, weightA), engine.mul(grad, engine.sub(1, weightA))];
  }),
  minimum: binaryDefinition('minimum', ({ engine, inputs: [a, b] }, grad) => {
    const weightA = winnerWeight(engine, engine.less(a!, b!), a!, b!);
    return [engine.mul(grad, weightA), engine.mul(grad, engine.sub(1, weightA))];
  }),
  // Comparisons are piecewise constant: no gradient.
  equal: binaryDefinition('equal'),
  notEqual: binaryDefinition('notEqual'),
  less: binaryDefinition('less'),
  lessEqual: binaryDefinition('lessEqual'),
  greater: binaryDefinition('greater'),
  greaterEqual: binaryDefinition('greaterEqual'),
};

/** A JavaScript number as a rank-0 tensor of `dtype`. */
function scalarOperand(engine: Engine, op: string, value: number, dtype: DType): Tensor {
  if (dtype === 'int32' && !Number.isInteger(value)) {
    throw new EngineError(op, `scalar ${value} is not a whole number but the other operand is int32 (convert it with .toFloat())`);
  }
  return engine.scalar(value, dtype);
}

function checkSameDtype(op: string, tensors: readonly Tensor[]): void {
  const [first, ...rest] = tensors;
  for (const t of rest) {
    if (t.dtype !== first!.dtype) {
      throw new EngineError(
        op,
        `dtype mismatch: ${first!.dtype} ${formatShape(first!.shape)} and ${t.dtype} ${formatShape(t.shape)} (convert one with .toFloat() or .toInt())`,
      );
    }
  }
}

/** Turn numbers into tensors (taking the dtype of the tensor operands) and run `run` on the result. */
function withTensorOperands(
  engine: Engine,
  op: string,
  operands: readonly TensorLike[],
  run: (tensors: Tensor[]) => Tensor,
): Tensor {
  const tensors = operands.filter((x): x is Tensor => typeof x !== 'number');
  if (tensors.length === 0) {
    throw new EngineError(op, `needs at least one tensor operand, got only numbers (${operands.join(', ')}); make one with engine.tensor()`);
  }
  for (const t of tensors) engine.assertLive(op, t);
  if (tensors.length === operands.length) return run(tensors);
  const dtype = tensors[0]!.dtype;
  // The scalar tensors are intermediates: composite disposes them, or hands them to the result for backward.
  return composite(engine, () =>
    run(operands.map((x) => (typeof x === 'number' ? scalarOperand(engine, op, x, dtype) : x))),
  );
}

export function binary(engine: Engine, op: BinaryOp, a: TensorLike, b: TensorLike): Tensor {
  return withTensorOperands(engine, op, [a, b], (tensors) => {
    checkSameDtype(op, tensors);
    return applyOp(engine, binaryDefinitions[op], tensors, undefined);
  });
}

// --------------------------------------------------------------------- where

const whereDefinition: OpDefinition = {
  name: 'where',
  forward: ({ engine, inputs: [cond, a, b] }) => {
    const shape = broadcastShapes('where', broadcastShapes('where', cond!.shape, a!.shape), b!.shape);
    const out = engine.empty(shape, a!.dtype);
    engine.backend.where(broadcastView(cond!.view, shape), broadcastView(a!.view, shape), broadcastView(b!.view, shape), out.storage);
    return out;
  },
  backward: ({ engine, inputs: [cond] }, grad) => [null, engine.where(cond!, grad, 0), engine.where(cond!, 0, grad)],
};

/** cond != 0 ? a : b, elementwise with broadcasting; cond may have either dtype. */
export function where(engine: Engine, cond: Tensor, a: TensorLike, b: TensorLike): Tensor {
  engine.assertLive('where', cond);
  return withTensorOperands(engine, 'where', [a, b], (values) => {
    checkSameDtype('where', values);
    return applyOp(engine, whereDefinition, [cond, ...values], undefined);
  });
}

// ---------------------------------------------------------------- unary ops

export function unaryPrimitive(engine: Engine, op: UnaryOp, x: Tensor, param?: number, dtype: DType = x.dtype): Tensor {
  const out = engine.empty(x.shape, dtype);
  engine.backend.unary(op, x.view, out.storage, param);
  return out;
}

export type PublicUnaryOp =
  | 'neg'
  | 'abs'
  | 'sign'
  | 'exp'
  | 'log'
  | 'sqrt'
  | 'rsqrt'
  | 'square'
  | 'reciprocal'
  | 'relu'
  | 'leakyRelu'
  | 'sigmoid'
  | 'tanh'
  | 'gelu';

interface UnaryParams {
  readonly param?: number;
}

function unaryDefinition(op: PublicUnaryOp, backward: NonNullable<OpDefinition<UnaryParams>['backward']>): OpDefinition<UnaryParams> {
  return {
    name: op,
    forward: ({ engine, inputs: [x], params }) => unaryPrimitive(engine, op, x!, params.param),
    backward,
  };
}

const unaryDefinitions: Record<PublicUnaryOp, OpDefinition<UnaryParams>> = {
  neg: unaryDefinition('neg', ({ engine }, grad) => [engine.neg(grad)]),
  abs: unaryDefinition('abs', ({ engine, inputs: [x] }, grad) => [engine.mul(grad, engine.sign(x!))]),
  // Piecewise constant: zero gradient (not "no gradient", so a leaf still gets a .grad).
  sign: unaryDefinition('sign', ({ engine, inputs: [x] }) => [engine.zerosLike(x!)]),
  exp: unaryDefinition('exp', ({ engine, output }, grad) => [engine.mul(grad, output)]),
  log: unaryDefinition('log', ({ engine, inputs: [x] }, grad) => [engine.div(grad, x!)]),
  // d sqrt(x) = 1 / (2 sqrt(x))
  sqrt: unaryDefinition('sqrt', ({ engine, output }, grad) => [engine.div(grad, engine.mul(output, 2))]),
  // d x^(-1/2) = -1/2 x^(-3/2) = -1/2 out^3
  rsqrt: unaryDefinition('rsqrt', ({ engine, output }, grad) => [
    engine.mul(grad, engine.mul(engine.mul(output, engine.square(output)), -0.5)),
  ]),
  square: unaryDefinition('square', ({ engine, inputs: [x] }, grad) => [engine.mul(grad, engine.mul(x!, 2))]),
  // d 1/x = -1/x^2 = -out^2
  reciprocal: unaryDefinition('reciprocal', ({ engine, output }, grad) => [engine.neg(engine.mul(grad, engine.square(output)))]),
  relu: unaryDefinition('relu', ({ engine, inputs: [x] }, grad) => [engine.mul(grad, unaryPrimitive(engine, 'step', x!))]),
  leakyRelu: unaryDefinition('leakyRelu', ({ engine, inputs: [x], params }, grad) => [
    engine.mul(grad, unaryPrimitive(engine, 'leakyReluGrad', x!, params.param)),
  ]),
  // sigmoid' = s (1 - s)
  sigmoid: unaryDefinition('sigmoid', ({ engine, output }, grad) => [engine.mul(grad, engine.mul(output, engine.sub(1, output)))]),
  // tanh' = 1 - t^2
  tanh: unaryDefinition('tanh', ({ engine, output }, grad) => [engine.mul(grad, engine.sub(1, engine.square(output)))]),
  gelu: unaryDefinition('gelu', ({ engine, inputs: [x] }, grad) => [engine.mul(grad, unaryPrimitive(engine, 'geluGrad', x!))]),
};

/** Ops that are only defined on float32 (the rest also accept int32). */
const FLOAT_ONLY: ReadonlySet<PublicUnaryOp> = new Set(['exp', 'log', 'sqrt', 'rsqrt', 'reciprocal', 'leakyRelu', 'sigmoid', 'tanh', 'gelu']);

export function unary(engine: Engine, op: PublicUnaryOp, x: Tensor, param?: number): Tensor {
  engine.assertLive(op, x);
  if (FLOAT_ONLY.has(op)) requireFloat(op, x);
  return applyOp(engine, unaryDefinitions[op], [x], param === undefined ? {} : { param });
}

// ---------------------------------------------------------------- casts

const toFloatDefinition: OpDefinition = {
  name: 'toFloat',
  forward: ({ engine, inputs: [x] }) => unaryPrimitive(engine, 'toFloat', x!, undefined, 'float32'),
};

const toIntDefinition: OpDefinition = {
  name: 'toInt',
  forward: ({ engine, inputs: [x] }) => unaryPrimitive(engine, 'toInt', x!, undefined, 'int32'),
};

/** int32 -> float32. On a float32 tensor, returns a view (gradients flow through). */
export function toFloat(engine: Engine, x: Tensor): Tensor {
  engine.assertLive('toFloat', x);
  if (x.dtype === 'float32') return engine.reshape(x, x.shape);
  return applyOp(engine, toFloatDefinition, [x], undefined);
}

/** float32 -> int32, truncating toward zero (not differentiable). On an int32 tensor, returns a view. */
export function toInt(engine: Engine, x: Tensor): Tensor {
  engine.assertLive('toInt', x);
  if (x.dtype === 'int32') return engine.reshape(x, x.shape);
  return applyOp(engine, toIntDefinition, [x], undefined);
}
