/**
 * Shape ops: reshape, permute/transpose, slice, broadcastTo, expandDims,
 * squeeze, contiguous, concat, stack.
 *
 * Most of them cost nothing: they return a new view (shape, strides, offset)
 * of the same storage. reshape copies only when the input is not contiguous.
 *
 * concat (and slice's backward, which pads) must write pieces into one output,
 * which the backend contract has no primitive for. They are composed from
 * gatherRows and where: each piece is gathered into a full-length array with
 * clamped row indices, and `where` keeps the rows that really belong to it.
 */
import { contiguousStrides, sizeOf, type DType } from '../backend';
import { applyOp, composite, type OpDefinition } from '../autograd';
import type { Engine } from '../engine';
import { EngineError, formatShape } from '../errors';
import type { Axes, Tensor } from '../tensor';
import { broadcastShapes, broadcastView } from './elementwise';
import { normalizeAxes, normalizeAxis } from './reduce';

function checkShape(op: string, shape: readonly number[]): void {
  for (const dim of shape) {
    if (!Number.isInteger(dim) || dim < 0) {
      throw new EngineError(op, `shape ${formatShape(shape)} has an invalid dimension ${dim} (dimensions are whole numbers >= 0)`);
    }
  }
}

// ------------------------------------------------------------------ reshape

/** Fill in the one allowed -1 so that the sizes match. */
function resolveShape(x: Tensor, shape: readonly number[]): number[] {
  const unknown = shape.filter((dim) => dim === -1).length;
  if (unknown > 1) throw new EngineError('reshape', `shape ${formatShape(shape)} has more than one -1`);
  checkShape('reshape', shape.filter((dim) => dim !== -1));
  const known = sizeOf(shape.filter((dim) => dim !== -1));
  if (unknown === 1) {
    if (known === 0 || x.size % known !== 0) {
      throw new EngineError('reshape', `cannot reshape ${formatShape(x.shape)} (${x.size} elements) into ${formatShape(shape)}: ${x.size} is not a multiple of ${known}`);
    }
    return shape.map((dim) => (dim === -1 ? x.size / known : dim));
  }
  if (known !== x.size) {
    throw new EngineError('reshape', `cannot reshape ${formatShape(x.shape)} (${x.size} elements) into ${formatShape(shape)} (${known} elements)`);
  }
  return [...shape];
}

interface ShapeParams {
  readonly shape: readonly number[];
}

const reshapeDefinition: OpDefinition<ShapeParams> = {
  name: 'reshape',
  forward: ({ engine, inputs: [x], params: { shape } }) => {
    // Row-major order is preserved, so a contiguous input is just re-strided; anything else is copied first.
    const source = x!.isContiguous ? x! : engine.dense(x!);
    return engine.viewOf(source, { storage: source.storage, shape, strides: contiguousStrides(shape), offset: source.view.offset });
  },
  backward: ({ engine, inputs: [x] }, grad) => [engine.reshape(grad, x!.shape)],
};

export function reshape(engine: Engine, x: Tensor, shape: readonly number[]): Tensor {
  engine.assertLive('reshape', x);
  return applyOp(engine, reshapeDefinition, [x], { shape: resolveShape(x, shape) });
}

// ------------------------------------------------------------ permute/transpose

interface PermuteParams {
  readonly perm: readonly number[];
}

function inversePermutation(perm: readonly number[]): number[] {
  const inverse = new Array<number>(perm.length);
  perm.forEach((axis, i) => (inverse[axis] = i));
  return inverse;
}

const permuteDefinition: OpDefinition<PermuteParams> = {
  name: 'permute',
  forward: ({ engine, inputs: [x], params: { perm } }) =>
    engine.viewOf(x!, {
      storage: x!.storage,
      shape: perm.map((axis) => x!.shape[axis]!),
      strides: perm.map((axis) => x!.view.strides[axis]!),
      offset: x!.view.offset,
    }),
  backward: ({ engine, params: { perm } }, grad) => [engine.permute(grad, inversePermutation(perm))],
};

/** Reorder axes: output axis i is input axis perm[i]. A view. */
export function permute(engine: Engine, x: Tensor, perm: readonly number[], op = 'permute'): Tensor {
  engine.assertLive(op, x);
  const normalized = perm.map((axis) => normalizeAxis(op, x.rank, axis));
  if (normalized.length !== x.rank || new Set(normalized).size !== x.rank) {
    throw new EngineError(op, `${formatShape(perm)} is not a permutation of the ${x.rank} axes of ${formatShape(x.shape)} (list each of 0..${x.rank - 1} once)`);
  }
  return applyOp(engine, permuteDefinition, [x], { perm: normalized });
}

/** Reverse the axes (for a matrix: swap rows and columns), or reorder them by `perm`. A view. */
export function transpose(engine: Engine, x: Tensor, perm?: readonly number[]): Tensor {
  engine.assertLive('transpose', x);
  return permute(engine, x, perm ?? x.shape.map((_, axis) => x.rank - 1 - axis), 'transpose');
}

// -------------------------------------------------------------------- slice

interface SliceParams {
  readonly begin: readonly number[];
  readonly size: readonly number[];
}

const sliceDefinition: OpDefinition<SliceParams> = {
  name: 'slice',
  forward: ({ engine, inputs: [x], params: { begin, size } }) => {
    let offset = x!.view.offset;
    begin.forEach((start, axis) => (offset += start * x!.view.strides[axis]!));
    return engine.viewOf(x!, { storage: x!.storage, shape: size, strides: x!.view.strides, offset });
  },
  // Put the gradient back where the slice came from; zeros elsewhere.
  backward: ({ engine, inputs: [x], params: { begin } }, grad) => {
    let padded = grad;
    x!.shape.forEach((dim, axis) => {
      if (padded.shape[axis] !== dim) padded = placeAlongAxis(engine, [{ tensor: padded, start: begin[axis]! }], axis, dim);
    });
    return [padded];
  },
};

/**
 * The window starting at `begin` with `size` elements per axis (TensorFlow
 * style: a size, not an end index). A size of -1, or a missing entry, runs to
 * the end of the axis; a negative begin counts from the end. A view.
 */
export function slice(engine: Engine, x: Tensor, begin: readonly number[], size?: readonly number[]): Tensor {
  engine.assertLive('slice', x);
  if (begin.length > x.rank || (size && size.length > x.rank)) {
    throw new EngineError('slice', `begin ${formatShape(begin)} / size ${formatShape(size ?? [])} have more entries than the rank ${x.rank} of ${formatShape(x.shape)}`);
  }
  const starts: number[] = [];
  const sizes: number[] = [];
  x.shape.forEach((dim, axis) => {
    let start = begin[axis] ?? 0;
    if (start < 0) start += dim;
    const length = size?.[axis] === undefined || size[axis] === -1 ? dim - start : size[axis]!;
    if (!Number.isInteger(start) || !Number.isInteger(length) || start < 0 || length < 0 || start + length > dim) {
      throw new EngineError(
        'slice',
        `begin ${begin[axis] ?? 0} with size ${size?.[axis] ?? -1} does not fit axis ${axis} of length ${dim} in ${formatShape(x.shape)} (need 0 <= begin and begin + size <= ${dim})`,
      );
    }
    starts.push(start);
    sizes.push(length);
  });
  return applyOp(engine, sliceDefinition, [x], { begin: starts, size: sizes });
}

// ------------------------------------------------------ broadcast/expand/squeeze

const broadcastToDefinition: OpDefinition<ShapeParams> = {
  name: 'broadcastTo',
  forward: ({ engine, inputs: [x], params: { shape } }) => engine.viewOf(x!, broadcastView(x!.view, shape)),
  // autograd sums the gradient back to x's shape.
  backward: (_, grad) => [grad],
};

/** Repeat size-1 (or missing leading) axes to `shape` without copying: those axes get stride 0. */
export function broadcastTo(engine: Engine, x: Tensor, shape: readonly number[]): Tensor {
  engine.assertLive('broadcastTo', x);
  checkShape('broadcastTo', shape);
  const result = shape.length >= x.rank ? broadcastShapes('broadcastTo', x.shape, shape) : null;
  if (!result || formatShape(result) !== formatShape(shape)) {
    throw new EngineError('broadcastTo', `cannot broadcast ${formatShape(x.shape)} to ${formatShape(shape)} (only size-1 or missing leading axes can grow)`);
  }
  return applyOp(engine, broadcastToDefinition, [x], { shape: [...shape] });
}

const restrideDefinition: OpDefinition<{ readonly shape: readonly number[]; readonly strides: readonly number[] }> = {
  name: 'reshape',
  forward: ({ engine, inputs: [x], params }) =>
    engine.viewOf(x!, { storage: x!.storage, shape: params.shape, strides: params.strides, offset: x!.view.offset }),
  backward: ({ engine, inputs: [x] }, grad) => [engine.reshape(grad, x!.shape)],
};

/** Insert an axis of length 1 at `axis` (-rank-1..rank). A view. */
export function expandDims(engine: Engine, x: Tensor, axis: number): Tensor {
  engine.assertLive('expandDims', x);
  const at = normalizeAxis('expandDims', x.rank + 1, axis);
  const shape = [...x.shape];
  const strides = [...x.view.strides];
  shape.splice(at, 0, 1);
  strides.splice(at, 0, 0);
  return applyOp(engine, restrideDefinition, [x], { shape, strides });
}

/** Remove the given length-1 axes, or all of them. A view. */
export function squeeze(engine: Engine, x: Tensor, axes?: Axes): Tensor {
  engine.assertLive('squeeze', x);
  const drop =
    axes === undefined ? x.shape.flatMap((dim, axis) => (dim === 1 ? [axis] : [])) : normalizeAxes('squeeze', x.rank, axes);
  for (const axis of drop) {
    if (x.shape[axis] !== 1) {
      throw new EngineError('squeeze', `axis ${axis} of ${formatShape(x.shape)} has length ${x.shape[axis]}, not 1 (only length-1 axes can be removed)`);
    }
  }
  const keep = x.shape.map((_, axis) => axis).filter((axis) => !drop.includes(axis));
  return applyOp(engine, restrideDefinition, [x], {
    shape: keep.map((axis) => x.shape[axis]!),
    strides: keep.map((axis) => x.view.strides[axis]!),
  });
}

// --------------------------------------------------------------- contiguous

const contiguousDefinition: OpDefinition = {
  name: 'contiguous',
  forward: ({ engine, inputs: [x] }) => {
    if (!x!.isContiguous) return engine.dense(x!);
    return engine.viewOf(x!, x!.view);
  },
  backward: (_, grad) => [grad],
};

/** Same values laid out row-major (a copy only if the input is a non-contiguous view). */
export function contiguous(engine: Engine, x: Tensor): Tensor {
  engine.assertLive('contiguous', x);
  return applyOp(engine, contiguousDefinition, [x], undefined);
}

// ------------------------------------------------------ concat and its helper

/**
 * A tensor of x's shape but `total` long on `axis`, where each piece occupies
 * [start, start + its length) on that axis and everything else is 0.
 */
export function placeAlongAxis(
  engine: Engine,
  pieces: readonly { tensor: Tensor; start: number }[],
  axis: number,
  total: number,
): Tensor {
  const first = pieces[0]!.tensor;
  const perm = [axis, ...first.shape.map((_, a) => a).filter((a) => a !== axis)];
  const restShape = perm.slice(1).map((a) => first.shape[a]!);
  const cols = sizeOf(restShape);
  const rows = assembleRows(
    engine,
    pieces.map(({ tensor, start }) => ({ rows: engine.reshape(engine.permute(tensor, perm), [tensor.shape[axis]!, cols]), start })),
    total,
    cols,
    first.dtype,
  );
  return engine.permute(engine.reshape(rows, [total, ...restShape]), inversePermutation(perm));
}

/** [total, cols]: rows [start, start + n) from each [n, cols] piece, zeros elsewhere; gatherRows + where only. */
function assembleRows(
  engine: Engine,
  pieces: readonly { rows: Tensor; start: number }[],
  total: number,
  cols: number,
  dtype: DType,
): Tensor {
  let result = engine.zeros([total, cols], dtype);
  if (total * cols === 0) return result;
  for (const { rows, start } of pieces) {
    const count = rows.shape[0]!;
    if (count === 0) continue;
    const table = engine.dense(rows);
    const indices = new Int32Array(total);
    const inPiece = new Float32Array(total);
    for (let r = 0; r < total; r++) {
      indices[r] = Math.min(Math.max(r - start, 0), count - 1);
      inPiece[r] = r >= start && r < start + count ? 1 : 0;
    }
    const gathered = engine.empty([total, cols], dtype);
    const indexTensor = engine.fromHost(indices, [total]);
    engine.backend.gatherRows(table.storage, count, cols, indexTensor.storage, gathered.storage);
    result = engine.where(engine.fromHost(inPiece, [total, 1]), gathered, result);
  }
  return result;
}

interface ConcatParams {
  readonly axis: number;
}

const concatDefinition: OpDefinition<ConcatParams> = {
  name: 'concat',
  forward: ({ engine, inputs, params: { axis } }) => {
    let start = 0;
    const pieces = inputs.map((tensor) => {
      const piece = { tensor, start };
      start += tensor.shape[axis]!;
      return piece;
    });
    return placeAlongAxis(engine, pieces, axis, start);
  },
  // Each input's gradient is its own slice of the output gradient.
  backward: ({ engine, inputs, params: { axis }, needsInputGrad }, grad) => {
    let start = 0;
    return inputs.map((input, i) => {
      const begin = input.shape.map((_, a) => (a === axis ? start : 0));
      start += input.shape[axis]!;
      return needsInputGrad[i] ? engine.slice(grad, begin, input.shape) : null;
    });
  },
};

/** Join tensors end to end along `axis`; all other axes must match. */
export function concat(engine: Engine, tensors: readonly Tensor[], axis = 0): Tensor {
  if (tensors.length === 0) throw new EngineError('concat', 'needs at least one tensor');
  tensors.forEach((t) => engine.assertLive('concat', t));
  const first = tensors[0]!;
  const at = normalizeAxis('concat', first.rank, axis);
  tensors.forEach((t, i) => {
    const matches = t.rank === first.rank && t.shape.every((dim, a) => a === at || dim === first.shape[a]);
    if (!matches) {
      throw new EngineError('concat', `tensor ${i} has shape ${formatShape(t.shape)} but tensor 0 has ${formatShape(first.shape)}; all axes except axis ${at} must match`);
    }
    if (t.dtype !== first.dtype) {
      throw new EngineError('concat', `dtype mismatch: tensor ${i} is ${t.dtype} but tensor 0 is ${first.dtype} (convert with .toFloat() or .toInt())`);
    }
  });
  return applyOp(engine, concatDefinition, tensors, { axis: at });
}

/** Join equal-shaped tensors along a new axis at `axis`. */
export function stack(engine: Engine, tensors: readonly Tensor[], axis = 0): Tensor {
  if (tensors.length === 0) throw new EngineError('stack', 'needs at least one tensor');
  tensors.forEach((t) => engine.assertLive('stack', t));
  const first = tensors[0]!;
  tensors.forEach((t, i) => {
    if (formatShape(t.shape) !== formatShape(first.shape)) {
      throw new EngineError('stack', `tensor ${i} has shape ${formatShape(t.shape)} but tensor 0 has ${formatShape(first.shape)}; stack needs equal shapes`);
    }
  });
  const at = normalizeAxis('stack', first.rank + 1, axis);
  return composite(engine, () => engine.concat(tensors.map((t) => engine.expandDims(t, at)), at));
}
