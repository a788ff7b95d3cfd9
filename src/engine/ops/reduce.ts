/**
 * Reductions: sum, max, min, argmax, argmin (one backend primitive) and mean,
 * variance (composed from them).
 *
 * The backend reduces only the middle axis of a contiguous [outer, R, inner]
 * array. Reducing any set of axes therefore takes one of two routes:
 * - the axes are adjacent and the tensor is dense: read it in place as
 *   [prod(before), prod(axes), prod(after)];
 * - otherwise permute the reduced axes to the end, materialise that view once,
 *   and reduce it as [prod(kept), prod(axes), 1].
 */
import { sizeOf, type ReduceOp } from '../backend';
import { applyOp, composite, type OpDefinition } from '../autograd';
import type { Engine } from '../engine';
import { EngineError, formatShape } from '../errors';
import type { Axes, Tensor } from '../tensor';

/** A single axis in 0..rank-1; negative axes count from the end. */
export function normalizeAxis(op: string, rank: number, axis: number): number {
  if (!Number.isInteger(axis) || axis < -rank || axis >= rank) {
    const range = rank === 0 ? 'a rank-0 tensor has no axes' : `use ${-rank}..${rank - 1}`;
    throw new EngineError(op, `axis ${axis} is out of range for a tensor of rank ${rank} (${range})`);
  }
  return axis < 0 ? axis + rank : axis;
}

/** Sorted, distinct, non-negative axes; undefined means all of them. */
export function normalizeAxes(op: string, rank: number, axes: Axes): number[] {
  if (axes === undefined) return Array.from({ length: rank }, (_, i) => i);
  const list = typeof axes === 'number' ? [axes] : [...axes];
  const normalized = list.map((axis) => normalizeAxis(op, rank, axis));
  const distinct = new Set(normalized);
  if (distinct.size !== normalized.length) {
    throw new EngineError(op, `axes ${formatShape(list)} name the same axis twice`);
  }
  return [...distinct].sort((a, b) => a - b);
}

interface ReduceParams {
  readonly axes: readonly number[];
  readonly keepdims: boolean;
}

/** x's shape with the reduced axes set to 1: the keepdims shape, used to broadcast gradients back. */
function keptShape(shape: readonly number[], axes: readonly number[]): number[] {
  return shape.map((dim, axis) => (axes.includes(axis) ? 1 : dim));
}

/** Run the backend reduction; the result has x's shape without the reduced axes (or with 1s if keepdims). */
function reducePrimitive(engine: Engine, op: ReduceOp, x: Tensor, { axes, keepdims }: ReduceParams): Tensor {
  const keptAxes = x.shape.map((_, axis) => axis).filter((axis) => !axes.includes(axis));
  const outShape = keepdims ? keptShape(x.shape, axes) : keptAxes.map((axis) => x.shape[axis]!);
  const outDtype = op === 'argmax' || op === 'argmin' ? 'int32' : x.dtype;
  if (axes.length === 0) return engine.reshape(engine.contiguous(x), outShape);

  const reduceSize = sizeOf(axes.map((axis) => x.shape[axis]!));
  if (reduceSize === 0 && op !== 'sum') {
    throw new EngineError(op, `cannot reduce tensor ${formatShape(x.shape)} over empty axes ${formatShape(axes)}`);
  }
  const adjacent = axes.every((axis, i) => axis === axes[0]! + i);
  let source: Tensor;
  let outer: number;
  let inner: number;
  if (adjacent && engine.isDense(x)) {
    source = x;
    outer = sizeOf(x.shape.slice(0, axes[0]));
    inner = sizeOf(x.shape.slice(axes[axes.length - 1]! + 1));
  } else {
    source = engine.dense(engine.permute(x, [...keptAxes, ...axes]));
    outer = sizeOf(keptAxes.map((axis) => x.shape[axis]!));
    inner = 1;
  }
  const out = engine.empty(outShape, outDtype);
  engine.backend.reduce(op, source.storage, outer, reduceSize, inner, out.storage);
  return out;
}

const sumDefinition: OpDefinition<ReduceParams> = {
  name: 'sum',
  forward: ({ engine, inputs: [x], params }) => reducePrimitive(engine, 'sum', x!, params),
  // Every input element contributed once: broadcast the gradient back over the reduced axes.
  backward: ({ engine, inputs: [x], params }, grad) => [
    engine.broadcastTo(engine.reshape(grad, keptShape(x!.shape, params.axes)), x!.shape),
  ],
};

function extremumDefinition(op: 'max' | 'min'): OpDefinition<ReduceParams> {
  return {
    name: op,
    forward: ({ engine, inputs: [x], params }) => reducePrimitive(engine, op, x!, params),
    // The gradient goes to the elements equal to the extremum, split evenly between ties.
    backward: ({ engine, inputs: [x], output, params }, grad) => {
      const shape = keptShape(x!.shape, params.axes);
      const isExtremum = engine.equal(x!, engine.reshape(output, shape));
      const ties = engine.sum(isExtremum, params.axes, true);
      return [engine.mul(engine.reshape(grad, shape), engine.div(isExtremum, ties))];
    },
  };
}

const maxDefinition = extremumDefinition('max');
const minDefinition = extremumDefinition('min');

function indexDefinition(op: 'argmax' | 'argmin'): OpDefinition<ReduceParams> {
  return { name: op, forward: ({ engine, inputs: [x], params }) => reducePrimitive(engine, op, x!, params) };
}

const argmaxDefinition = indexDefinition('argmax');
const argminDefinition = indexDefinition('argmin');

export function sum(engine: Engine, x: Tensor, axes?: Axes, keepdims = false): Tensor {
  engine.assertLive('sum', x);
  return applyOp(engine, sumDefinition, [x], { axes: normalizeAxes('sum', x.rank, axes), keepdims });
}

export function max(engine: Engine, x: Tensor, axes?: Axes, keepdims = false): Tensor {
  engine.assertLive('max', x);
  return applyOp(engine, maxDefinition, [x], { axes: normalizeAxes('max', x.rank, axes), keepdims });
}

export function min(engine: Engine, x: Tensor, axes?: Axes, keepdims = false): Tensor {
  engine.assertLive('min', x);
  return applyOp(engine, minDefinition, [x], { axes: normalizeAxes('min', x.rank, axes), keepdims });
}

/** Index (int32) of the largest element along `axis`, first on ties; over the flattened tensor if axis is undefined. */
export function argmax(engine: Engine, x: Tensor, axis?: number, keepdims = false): Tensor {
  return argReduce(engine, 'argmax', x, axis, keepdims);
}

export function argmin(engine: Engine, x: Tensor, axis?: number, keepdims = false): Tensor {
  return argReduce(engine, 'argmin', x, axis, keepdims);
}

function argReduce(engine: Engine, op: 'argmax' | 'argmin', x: Tensor, axis: number | undefined, keepdims: boolean): Tensor {
  engine.assertLive(op, x);
  const definition = op === 'argmax' ? argmaxDefinition : argminDefinition;
  if (axis !== undefined) {
    return applyOp(engine, definition, [x], { axes: [normalizeAxis(op, x.rank, axis)], keepdims });
  }
  return composite(engine, () => {
    const flatIndex = applyOp(engine, definition, [engine.reshape(x, [x.size])], { axes: [0], keepdims: false });
    return keepdims ? engine.reshape(flatIndex, x.shape.map(() => 1)) : flatIndex;
  });
}

/** Arithmetic mean; int32 input gives a float32 mean. */
export function mean(engine: Engine, x: Tensor, axes?: Axes, keepdims = false): Tensor {
  engine.assertLive('mean', x);
  const normalized = normalizeAxes('mean', x.rank, axes);
  const count = sizeOf(normalized.map((axis) => x.shape[axis]!));
  return composite(engine, () => {
    const xf = x.dtype === 'float32' ? x : engine.toFloat(x);
    return engine.div(engine.sum(xf, normalized, keepdims), count);
  });
}

/** Population variance (divides by N, like NumPy's default ddof=0): mean((x - mean(x))^2). */
export function variance(engine: Engine, x: Tensor, axes?: Axes, keepdims = false): Tensor {
  engine.assertLive('variance', x);
  const normalized = normalizeAxes('variance', x.rank, axes);
  return composite(engine, () => {
    const xf = x.dtype === 'float32' ? x : engine.toFloat(x);
    const centered = engine.sub(xf, engine.mean(xf, normalized, true));
    return engine.mean(engine.square(centered), normalized, keepdims);
  });
}
