/**
 * Tensor: a shaped, typed window onto backend storage, plus its place in the
 * autograd graph.
 *
 * A tensor does not own its storage outright: views (transpose, slice,
 * reshape, broadcastTo...) share it, so a `SharedStorage` counts the tensors
 * that use it and the storage is freed when the last one is disposed.
 *
 * Every method here is a thin alias for the engine function of the same name
 * (`a.add(b)` is `engine.add(a, b)`); the work happens in ops/*.ts.
 */
import { contiguousStrides, sizeOf, type DType, type Storage, type View } from './backend';
import type { GraphNode } from './autograd';
import type { Engine } from './engine';
import { EngineError, formatShape } from './errors';

/** A storage and how many live tensors read it. */
export interface SharedStorage {
  readonly storage: Storage;
  refs: number;
}

/** A JavaScript number is accepted wherever a tensor operand is (it broadcasts as a scalar). */
export type TensorLike = Tensor | number;

/** Nested JavaScript arrays, as returned by `toArray()`. */
export type NestedArray = number | NestedArray[];

export type Axes = number | readonly number[] | undefined;

/** A `tidy` (or internal op) scope: the tensors it will dispose when it closes. */
export interface TidyScope {
  readonly tensors: Set<Tensor>;
  readonly parent: TidyScope | null;
}

let nextTensorId = 1;

export class Tensor {
  readonly id = nextTensorId++;
  readonly engine: Engine;
  readonly shape: readonly number[];
  readonly dtype: DType;
  /** Set to true on parameters before the forward pass; outputs of tracked ops get it automatically. */
  requiresGrad = false;
  /** Accumulated dL/dthis of a leaf tensor (one with requiresGrad set by hand); null until backward reaches it. */
  grad: Tensor | null = null;

  /** @internal The storage window the backend reads. Replaced only by `assign`. */
  view: View;
  /** @internal */
  shared: SharedStorage;
  /** @internal How this tensor was computed, when autograd recorded it. */
  node: GraphNode | null = null;
  /** @internal Intermediates that this tensor's backward needs; disposed with it. */
  owned: Tensor[] | null = null;
  /** @internal The tidy scope that will dispose this tensor, if any. */
  scope: TidyScope | null = null;
  /** @internal Host copy of int32 data uploaded from JavaScript, so index ranges can be checked without a readback. */
  hostInts: Int32Array | null = null;
  private disposedFlag = false;

  /** @internal Use the engine's creation functions instead. */
  constructor(engine: Engine, shared: SharedStorage, view: View) {
    this.engine = engine;
    this.shared = shared;
    this.view = view;
    this.shape = view.shape;
    this.dtype = shared.storage.dtype;
    shared.refs++;
  }

  /** Number of elements. */
  get size(): number {
    return sizeOf(this.shape);
  }

  get rank(): number {
    return this.shape.length;
  }

  /** Elements stepped per index along each axis (0 = broadcast axis). Views make these non-row-major. */
  get strides(): readonly number[] {
    return this.view.strides;
  }

  /** @internal */
  get storage(): Storage {
    return this.view.storage;
  }

  get isDisposed(): boolean {
    return this.disposedFlag;
  }

  /** True when the elements lie in row-major order with no gaps (possibly after an offset). */
  get isContiguous(): boolean {
    const expected = contiguousStrides(this.shape);
    return this.shape.every((dim, axis) => dim === 1 || this.view.strides[axis] === expected[axis]);
  }

  /** Free this tensor (and the storage, when no other view uses it). Safe to call twice. */
  dispose(): void {
    if (this.disposedFlag) return;
    this.disposedFlag = true;
    this.engine.release(this);
    if (this.owned) for (const t of this.owned) t.dispose();
    this.owned = null;
  }

  /** Copy the elements back to JavaScript as a flat row-major typed array. */
  data(): Promise<Float32Array | Int32Array> {
    return this.engine.read(this);
  }

  /** Copy the elements back to JavaScript as nested arrays (a number for a rank-0 tensor). */
  async toArray(): Promise<NestedArray> {
    const flat = await this.data();
    const build = (axis: number, offset: number): NestedArray => {
      if (axis === this.rank) return flat[offset]!;
      const stride = sizeOf(this.shape.slice(axis + 1));
      return Array.from({ length: this.shape[axis]! }, (_, i) => build(axis + 1, offset + i * stride));
    };
    return build(0, 0);
  }

  /** The single value of a one-element tensor. */
  async item(): Promise<number> {
    if (this.size !== 1) {
      throw new EngineError('item', `tensor ${formatShape(this.shape)} has ${this.size} elements, not 1 (reduce it first, e.g. .sum())`);
    }
    return (await this.data())[0]!;
  }

  /** Backpropagate from this tensor: fills `.grad` of every leaf that requires grad. `seed` (dL/dthis) is required unless this is a scalar. */
  backward(seed?: Tensor): void {
    this.engine.backward(this, seed);
  }

  /** Overwrite this tensor's values with `value`'s (same shape and dtype); used by optimizers. */
  assign(value: Tensor): this {
    this.engine.assign(this, value);
    return this;
  }

  toString(): string {
    return `Tensor(${this.dtype}, ${formatShape(this.shape)}${this.disposedFlag ? ', disposed' : ''})`;
  }

  // Elementwise.
  add(other: TensorLike): Tensor { return this.engine.add(this, other); }
  sub(other: TensorLike): Tensor { return this.engine.sub(this, other); }
  mul(other: TensorLike): Tensor { return this.engine.mul(this, other); }
  div(other: TensorLike): Tensor { return this.engine.div(this, other); }
  pow(other: TensorLike): Tensor { return this.engine.pow(this, other); }
  maximum(other: TensorLike): Tensor { return this.engine.maximum(this, other); }
  minimum(other: TensorLike): Tensor { return this.engine.minimum(this, other); }
  equal(other: TensorLike): Tensor { return this.engine.equal(this, other); }
  notEqual(other: TensorLike): Tensor { return this.engine.notEqual(this, other); }
  less(other: TensorLike): Tensor { return this.engine.less(this, other); }
  lessEqual(other: TensorLike): Tensor { return this.engine.lessEqual(this, other); }
  greater(other: TensorLike): Tensor { return this.engine.greater(this, other); }
  greaterEqual(other: TensorLike): Tensor { return this.engine.greaterEqual(this, other); }
  neg(): Tensor { return this.engine.neg(this); }
  abs(): Tensor { return this.engine.abs(this); }
  sign(): Tensor { return this.engine.sign(this); }
  exp(): Tensor { return this.engine.exp(this); }
  log(): Tensor { return this.engine.log(this); }
  sqrt(): Tensor { return this.engine.sqrt(this); }
  rsqrt(): Tensor { return this.engine.rsqrt(this); }
  square(): Tensor { return this.engine.square(this); }
  reciprocal(): Tensor { return this.engine.reciprocal(this); }
  relu(): Tensor { return this.engine.relu(this); }
  leakyRelu(alpha?: number): Tensor { return this.engine.leakyRelu(this, alpha); }
  sigmoid(): Tensor { return this.engine.sigmoid(this); }
  tanh(): Tensor { return this.engine.tanh(this); }
  gelu(): Tensor { return this.engine.gelu(this); }
  toFloat(): Tensor { return this.engine.toFloat(this); }
  toInt(): Tensor { return this.engine.toInt(this); }

  // Reductions.
  sum(axes?: Axes, keepdims?: boolean): Tensor { return this.engine.sum(this, axes, keepdims); }
  mean(axes?: Axes, keepdims?: boolean): Tensor { return this.engine.mean(this, axes, keepdims); }
  max(axes?: Axes, keepdims?: boolean): Tensor { return this.engine.max(this, axes, keepdims); }
  min(axes?: Axes, keepdims?: boolean): Tensor { return this.engine.min(this, axes, keepdims); }
  variance(axes?: Axes, keepdims?: boolean): Tensor { return this.engine.variance(this, axes, keepdims); }
  argmax(axis?: number, keepdims?: boolean): Tensor { return this.engine.argmax(this, axis, keepdims); }
  argmin(axis?: number, keepdims?: boolean): Tensor { return this.engine.argmin(this, axis, keepdims); }

  // Shape.
  reshape(shape: readonly number[]): Tensor { return this.engine.reshape(this, shape); }
  transpose(perm?: readonly number[]): Tensor { return this.engine.transpose(this, perm); }
  permute(perm: readonly number[]): Tensor { return this.engine.permute(this, perm); }
  slice(begin: readonly number[], size?: readonly number[]): Tensor { return this.engine.slice(this, begin, size); }
  broadcastTo(shape: readonly number[]): Tensor { return this.engine.broadcastTo(this, shape); }
  expandDims(axis: number): Tensor { return this.engine.expandDims(this, axis); }
  squeeze(axes?: Axes): Tensor { return this.engine.squeeze(this, axes); }
  contiguous(): Tensor { return this.engine.contiguous(this); }

  // Linear algebra and NN.
  matmul(other: Tensor): Tensor { return this.engine.matmul(this, other); }
  softmax(axis?: number): Tensor { return this.engine.softmax(this, axis); }
  logSoftmax(axis?: number): Tensor { return this.engine.logSoftmax(this, axis); }
}
