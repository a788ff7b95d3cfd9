/**
 * Matrix multiplication: (..., M, K) @ (..., K, N) -> (..., M, N), with the
 * batch axes broadcast as in NumPy.
 *
 * 1-D operands follow NumPy too: a vector on the left is a [1, K] row, on the
 * right a [K, 1] column, and that added axis is dropped from the result (so
 * vector @ vector is a scalar). Rank-0 operands are an error (use mul).
 *
 * The backend multiplies 3-D views [batch, M, K] @ [batch, K, N]. Transposed
 * operands (as in the backward pass) are passed as strided views without a
 * copy; broadcast batch axes that cannot be folded into a single batch stride
 * are materialised first.
 */
import { sizeOf, type View } from '../backend';
import { applyOp, composite, type OpDefinition } from '../autograd';
import type { Engine } from '../engine';
import { EngineError, formatShape } from '../errors';
import type { Tensor } from '../tensor';
import { broadcastShapes, broadcastView, requireFloat } from './elementwise';

/** x (rank >= 2) as a 3-D view [prod(batchShape), rows, cols], its batch axes broadcast to batchShape. */
function batchedView(engine: Engine, x: Tensor, batchShape: readonly number[]): View {
  const [rows, cols] = x.shape.slice(-2) as [number, number];
  let view = broadcastView(x.view, [...batchShape, rows, cols]);
  const batchAxes = (v: View) =>
    batchShape.map((dim, axis) => ({ dim, stride: v.strides[axis]! })).filter(({ dim }) => dim !== 1);
  // The batch axes fold into one when each steps over exactly the next (all-broadcast, stride 0, folds too).
  const folds = (axes: { dim: number; stride: number }[]) =>
    axes.every((axis, i) => i === axes.length - 1 || axis.stride === axes[i + 1]!.stride * axes[i + 1]!.dim);
  if (!folds(batchAxes(view))) view = engine.dense(engine.viewOf(x, view)).view;
  const axes = batchAxes(view);
  const rank = view.strides.length;
  return {
    storage: view.storage,
    shape: [sizeOf(batchShape), rows, cols],
    strides: [axes.length > 0 ? axes[axes.length - 1]!.stride : 0, view.strides[rank - 2]!, view.strides[rank - 1]!],
    offset: view.offset,
  };
}

const matmulDefinition: OpDefinition = {
  name: 'matmul',
  forward: ({ engine, inputs: [a, b] }) => {
    const M = a!.shape[a!.rank - 2]!;
    const N = b!.shape[b!.rank - 1]!;
    const batchShape = broadcastShapes('matmul', a!.shape.slice(0, -2), b!.shape.slice(0, -2));
    const out = engine.empty([...batchShape, M, N], 'float32');
    engine.backend.matmul(batchedView(engine, a!, batchShape), batchedView(engine, b!, batchShape), out.storage);
    return out;
  },
  // dA = dC @ B^T, dB = A^T @ dC (transposes are free views; autograd sums broadcast batch axes).
  backward: ({ engine, inputs: [a, b], needsInputGrad }, grad) => [
    needsInputGrad[0] ? engine.matmul(grad, swapLastAxes(engine, b!)) : null,
    needsInputGrad[1] ? engine.matmul(swapLastAxes(engine, a!), grad) : null,
  ],
};

function swapLastAxes(engine: Engine, x: Tensor): Tensor {
  const perm = x.shape.map((_, axis) => axis);
  perm[x.rank - 2] = x.rank - 1;
  perm[x.rank - 1] = x.rank - 2;
  return engine.permute(x, perm);
}

export function matmul(engine: Engine, a: Tensor, b: Tensor): Tensor {
  engine.assertLive('matmul', a);
  engine.assertLive('matmul', b);
  requireFloat('matmul', a);
  requireFloat('matmul', b);
  if (a.rank === 0 || b.rank === 0) {
    throw new EngineError('matmul', `operands must have rank >= 1, got ${formatShape(a.shape)} @ ${formatShape(b.shape)} (use mul to scale by a scalar)`);
  }
  const innerA = a.shape[a.rank - 1]!;
  const innerB = b.rank === 1 ? b.shape[0]! : b.shape[b.rank - 2]!;
  if (innerA !== innerB) {
    throw new EngineError('matmul', `inner dimensions differ: ${formatShape(a.shape)} @ ${formatShape(b.shape)} (${innerA} vs ${innerB})`);
  }
  if (a.rank >= 2 && b.rank >= 2) {
    broadcastShapes('matmul', a.shape.slice(0, -2), b.shape.slice(0, -2));
    return applyOp(engine, matmulDefinition, [a, b], undefined);
  }
  return composite(engine, () => {
    const left = a.rank === 1 ? engine.reshape(a, [1, innerA]) : a;
    const right = b.rank === 1 ? engine.reshape(b, [innerB, 1]) : b;
    const product = applyOp(engine, matmulDefinition, [left, right], undefined);
    const drop = [...(a.rank === 1 ? [product.rank - 2] : []), ...(b.rank === 1 ? [product.rank - 1] : [])];
    return engine.squeeze(product, drop);
  });
}
