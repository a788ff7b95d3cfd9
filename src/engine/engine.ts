/**
 * The Engine: owns a backend and everything about tensor lifetimes (tidy
 * scopes, live-tensor accounting, gradient recording on/off), creates tensors,
 * and exposes every op as a method (`engine.matmul(a, b)`), delegating to
 * ops/*.ts.
 *
 * Memory model, as in TensorFlow.js: a tensor holds backend memory until
 * `dispose()`. `tidy(fn)` disposes every tensor created inside `fn` except the
 * ones it returns (or `keep`s); learners wrap each training step in one.
 */
import { contiguousView, sizeOf, type Backend, type DType, type View } from './backend';
import * as autograd from './autograd';
import { createCpuBackend, type CpuBackend } from './backends/cpu';
import { EngineError, formatShape } from './errors';
import * as custom from './ops/custom';
import * as elementwise from './ops/elementwise';
import * as matmulOps from './ops/matmul';
import * as nn from './ops/nn';
import * as reduce from './ops/reduce';
import * as shapeOps from './ops/shape';
import { normalArray, Random, uniformArray } from './random';
import { Tensor, type Axes, type NestedArray, type SharedStorage, type TensorLike, type TidyScope } from './tensor';

export interface EngineOptions {
  /** 'auto' (default) picks WebGPU when an adapter is available, else the CPU. */
  backend?: 'auto' | 'cpu' | 'webgpu';
  /** The WebGPU entry point; defaults to navigator.gpu (pass the npm `webgpu` package's in Node). */
  gpu?: GPU;
  /** Called if the GPU device is lost (driver reset, tab in background for long). */
  onDeviceLost?: (info: string) => void;
  /** Seed of the sequence that `rand`, `randn` and `dropout` draw from when no seed is given (default 0). */
  seed?: number;
}

export interface MemoryInfo {
  /** Live (not disposed) tensors, views included. */
  tensors: number;
  bytesInUse: number;
  bytesPooled: number;
}

export interface RandOptions {
  seed?: number;
  low?: number;
  high?: number;
}

export interface RandnOptions {
  seed?: number;
  mean?: number;
  std?: number;
}

/** Tensors found in a tidy() result: the value itself, or inside arrays and plain objects. */
function tensorsIn(value: unknown, found: Tensor[] = []): Tensor[] {
  if (value instanceof Tensor) found.push(value);
  else if (Array.isArray(value)) for (const item of value) tensorsIn(item, found);
  else if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    for (const item of Object.values(value)) tensorsIn(item, found);
  }
  return found;
}

/** Flatten nested arrays of numbers, checking that they are rectangular. */
function flattenNested(values: NestedArray): { data: number[]; shape: number[] } {
  const shape: number[] = [];
  for (let level: NestedArray = values; Array.isArray(level); level = level[0] ?? 0) shape.push(level.length);
  const data: number[] = [];
  const visit = (value: NestedArray, depth: number, path: number[]): void => {
    if (depth === shape.length) {
      if (typeof value !== 'number') {
        throw new EngineError('tensor', `expected a number at index ${formatShape(path)} but found an array (the nesting is ragged)`);
      }
      data.push(value);
      return;
    }
    if (!Array.isArray(value) || value.length !== shape[depth]) {
      const found = Array.isArray(value) ? `length ${value.length}` : 'a number';
      throw new EngineError('tensor', `ragged nested array at index ${formatShape(path)}: expected length ${shape[depth]}, got ${found}`);
    }
    value.forEach((item, i) => visit(item, depth + 1, [...path, i]));
  };
  visit(values, 0, []);
  return { data, shape };
}

function checkShape(op: string, shape: readonly number[]): void {
  for (const dim of shape) {
    if (!Number.isInteger(dim) || dim < 0) {
      throw new EngineError(op, `shape ${formatShape(shape)} has an invalid dimension ${dim} (dimensions are whole numbers >= 0)`);
    }
  }
}

export class Engine {
  readonly backend: Backend;
  private readonly scopes: TidyScope[] = [];
  private readonly live = new Set<Tensor>();
  private noGradDepth = 0;
  private readonly seeds: Random;
  private destroyed = false;

  constructor(backend: Backend, seed = 0) {
    this.backend = backend;
    this.seeds = new Random(seed);
  }

  get backendName(): 'cpu' | 'webgpu' {
    return this.backend.name;
  }

  // ------------------------------------------------------------ lifetimes

  /**
   * Run fn and dispose every tensor it created except those in its result
   * (a tensor, or tensors inside returned arrays / plain objects) and those
   * passed to keep(). Scopes nest. fn may be async: the scope then closes
   * when its promise settles (do not run two async tidies concurrently: a
   * tensor is claimed by whichever scope is innermost when it is created).
   */
  tidy<T>(fn: () => T): T {
    const scope = this.openScope();
    let result: T;
    try {
      result = fn();
    } catch (error) {
      this.closeScope(scope, []);
      throw error;
    }
    if (result instanceof Promise) {
      return result.then(
        (value: unknown) => {
          this.closeScope(scope, tensorsIn(value));
          return value;
        },
        (error: unknown) => {
          this.closeScope(scope, []);
          throw error;
        },
      ) as T;
    }
    this.closeScope(scope, tensorsIn(result));
    return result;
  }

  /** Exempt t from every enclosing tidy: it lives until disposed by hand. */
  keep<T extends Tensor>(t: T): T {
    t.scope?.tensors.delete(t);
    t.scope = null;
    return t;
  }

  /** Run fn without recording operations for autograd (evaluation, optimizer updates). */
  noGrad<T>(fn: () => T): T {
    this.noGradDepth++;
    let result: T;
    try {
      result = fn();
    } catch (error) {
      this.noGradDepth--;
      throw error;
    }
    if (result instanceof Promise) {
      return result.finally(() => this.noGradDepth--) as T;
    }
    this.noGradDepth--;
    return result;
  }

  get isGradEnabled(): boolean {
    return this.noGradDepth === 0;
  }

  memory(): MemoryInfo {
    const { bytesInUse, bytesPooled } = this.backend.memory();
    return { tensors: this.live.size, bytesInUse, bytesPooled };
  }

  /** Free every tensor and the backend (GPU device). The engine is unusable afterwards. */
  dispose(): void {
    if (this.destroyed) return;
    for (const t of [...this.live]) t.dispose();
    this.destroyed = true;
    this.backend.destroy();
  }

  // ------------------------------------------------- internals used by ops

  /** @internal */
  openScope(): TidyScope {
    const scope: TidyScope = { tensors: new Set(), parent: this.scopes[this.scopes.length - 1] ?? null };
    this.scopes.push(scope);
    return scope;
  }

  /**
   * @internal Close a scope: `keep` moves to the enclosing scope, `ownership.owned`
   * is handed to `ownership.owner` (disposed with it), the rest is disposed.
   */
  closeScope(scope: TidyScope, keep: readonly Tensor[], ownership?: { owner: Tensor; owned: readonly Tensor[] }): void {
    const index = this.scopes.lastIndexOf(scope);
    if (index >= 0) this.scopes.splice(index, 1);
    let parent = scope.parent;
    while (parent && !this.scopes.includes(parent)) parent = parent.parent;
    const kept = new Set(keep);
    const owned = new Set(ownership?.owned ?? []);
    for (const t of scope.tensors) {
      t.scope = null;
      if (kept.has(t)) {
        if (parent) {
          parent.tensors.add(t);
          t.scope = parent;
        }
      } else if (ownership && owned.has(t) && !t.isDisposed) {
        (ownership.owner.owned ??= []).push(t);
      } else {
        t.dispose();
      }
    }
    scope.tensors.clear();
  }

  /** @internal Throw the documented error if t cannot be used by `op`. */
  assertLive(op: string, t: Tensor): void {
    if (this.destroyed) throw new EngineError(op, 'the engine was disposed; create a new one with createEngine()');
    if (!(t instanceof Tensor)) throw new EngineError(op, `expected a Tensor, got ${typeof t === 'number' ? 'a number' : String(t)}`);
    if (t.engine !== this) {
      throw new EngineError(op, `tensor ${formatShape(t.shape)} belongs to another engine (${t.engine.backendName}); create it with this one`);
    }
    if (t.isDisposed) {
      throw new EngineError(
        op,
        `tensor ${formatShape(t.shape)} was disposed (by dispose() or by the tidy() that created it); return it from tidy() or keep() it to use it later`,
      );
    }
  }

  private track(t: Tensor): Tensor {
    this.live.add(t);
    const scope = this.scopes[this.scopes.length - 1];
    if (scope) {
      scope.tensors.add(t);
      t.scope = scope;
    }
    return t;
  }

  /** @internal Called by Tensor.dispose. */
  release(t: Tensor): void {
    this.live.delete(t);
    t.scope?.tensors.delete(t);
    t.scope = null;
    this.releaseStorage(t.shared);
  }

  private releaseStorage(shared: SharedStorage): void {
    shared.refs--;
    if (shared.refs === 0 && !this.destroyed) this.backend.free(shared.storage);
  }

  /** @internal A new tensor with fresh, uninitialised contiguous storage. */
  empty(shape: readonly number[], dtype: DType): Tensor {
    const storage = this.backend.alloc(sizeOf(shape), dtype);
    return this.track(new Tensor(this, { storage, refs: 0 }, contiguousView(storage, [...shape])));
  }

  /** @internal A new tensor reading t's storage through another view (no copy). */
  viewOf(t: Tensor, view: View): Tensor {
    return this.track(new Tensor(this, t.shared, view));
  }

  /** @internal Upload host data as a new tensor. */
  fromHost(data: Float32Array | Int32Array, shape: readonly number[]): Tensor {
    const storage = this.backend.upload(data);
    const t = this.track(new Tensor(this, { storage, refs: 0 }, contiguousView(storage, [...shape])));
    if (data instanceof Int32Array) t.hostInts = data.slice();
    return t;
  }

  /** @internal A rank-0 tensor. */
  scalar(value: number, dtype: DType = 'float32'): Tensor {
    return this.fromHost(dtype === 'int32' ? Int32Array.of(value) : Float32Array.of(value), []);
  }

  /** @internal True when t is its whole storage in row-major order (what reduce and gatherRows read). */
  isDense(t: Tensor): boolean {
    return t.view.offset === 0 && t.storage.size === t.size && t.isContiguous;
  }

  /** @internal t itself if dense, else a dense copy (not recorded by autograd: for use inside forward/backward). */
  dense(t: Tensor): Tensor {
    if (this.isDense(t)) return t;
    return elementwise.unaryPrimitive(this, 'identity', t);
  }

  /** @internal */
  async read(t: Tensor): Promise<Float32Array | Int32Array> {
    this.assertLive('data', t);
    if (this.isDense(t)) return this.backend.read(t.storage);
    const copy = this.backend.alloc(t.size, t.dtype);
    this.backend.unary('identity', t.view, copy);
    try {
      return await this.backend.read(copy);
    } finally {
      this.backend.free(copy);
    }
  }

  /** @internal Synchronous host copy; only the CPU backend can (custom ops' cpu path). */
  readHostSync(op: string, t: Tensor): Float32Array | Int32Array {
    const backend = this.backend as Partial<CpuBackend>;
    if (!backend.readSync) throw new EngineError(op, `the ${this.backend.name} backend cannot read tensors synchronously`);
    return backend.readSync(this.dense(t).storage);
  }

  /** @internal The int32 values of an index tensor if known without a GPU readback, else null. */
  hostIndices(t: Tensor): Int32Array | null {
    if (t.hostInts && this.isDense(t)) return t.hostInts;
    if (this.backend.name === 'cpu') return this.readHostSync('indices', t) as Int32Array;
    return null;
  }

  /** @internal The next default seed for rand/randn/dropout. */
  nextSeed(): number {
    return this.seeds.nextUint32();
  }

  /** @internal See Tensor.assign. */
  assign(target: Tensor, value: Tensor): void {
    this.assertLive('assign', target);
    this.assertLive('assign', value);
    if (formatShape(target.shape) !== formatShape(value.shape) || target.dtype !== value.dtype) {
      throw new EngineError(
        'assign',
        `value ${value.dtype} ${formatShape(value.shape)} must match the target ${target.dtype} ${formatShape(target.shape)}`,
      );
    }
    const previous = target.shared;
    value.shared.refs++;
    target.shared = value.shared;
    target.view = value.view;
    target.hostInts = value.hostInts;
    this.releaseStorage(previous);
  }

  /** @internal See Tensor.backward. */
  backward(root: Tensor, seed?: Tensor): void {
    autograd.backward(this, root, seed);
  }

  // ------------------------------------------------------------ creation

  zeros(shape: readonly number[], dtype: DType = 'float32'): Tensor {
    return this.full(shape, 0, dtype);
  }

  ones(shape: readonly number[], dtype: DType = 'float32'): Tensor {
    return this.full(shape, 1, dtype);
  }

  full(shape: readonly number[], value: number, dtype: DType = 'float32'): Tensor {
    checkShape('full', shape);
    if (this.destroyed) throw new EngineError('full', 'the engine was disposed; create a new one with createEngine()');
    const t = this.empty(shape, dtype);
    this.backend.fill(t.storage, value);
    return t;
  }

  zerosLike(t: Tensor): Tensor {
    return this.zeros(t.shape, t.dtype);
  }

  onesLike(t: Tensor): Tensor {
    return this.ones(t.shape, t.dtype);
  }

  /**
   * A tensor from nested arrays, a flat array or a typed array. `shape`
   * defaults to the nesting (or [length] for flat data); dtype defaults to
   * int32 for an Int32Array and float32 otherwise.
   */
  tensor(values: NestedArray | Float32Array | Int32Array, shape?: readonly number[], dtype?: DType): Tensor {
    if (this.destroyed) throw new EngineError('tensor', 'the engine was disposed; create a new one with createEngine()');
    let flat: ArrayLike<number>;
    let inferred: number[];
    if (values instanceof Float32Array || values instanceof Int32Array) {
      flat = values;
      inferred = [values.length];
    } else {
      ({ data: flat, shape: inferred } = flattenNested(values));
    }
    const finalShape = shape ? [...shape] : inferred;
    checkShape('tensor', finalShape);
    if (sizeOf(finalShape) !== flat.length) {
      throw new EngineError('tensor', `${flat.length} values cannot fill shape ${formatShape(finalShape)} (${sizeOf(finalShape)} elements)`);
    }
    const finalDtype = dtype ?? (values instanceof Int32Array ? 'int32' : 'float32');
    if (finalDtype === 'int32') {
      for (let i = 0; i < flat.length; i++) {
        if (!Number.isInteger(flat[i])) {
          throw new EngineError('tensor', `value ${flat[i]} at position ${i} is not a whole number but the dtype is int32`);
        }
      }
      return this.fromHost(Int32Array.from(flat), finalShape);
    }
    return this.fromHost(Float32Array.from(flat), finalShape);
  }

  /** start, start+step, ... up to but excluding stop (NumPy); arange(n) is 0..n-1. */
  arange(start: number, stop?: number, step = 1, dtype: DType = 'float32'): Tensor {
    const [from, to] = stop === undefined ? [0, start] : [start, stop];
    if (step === 0 || !Number.isFinite(step)) throw new EngineError('arange', `step ${step} must be a non-zero finite number`);
    const count = Math.max(0, Math.ceil((to - from) / step));
    const values = Array.from({ length: count }, (_, i) => from + i * step);
    return this.tensor(values, [count], dtype);
  }

  /** n evenly spaced values from start to stop, both included. */
  linspace(start: number, stop: number, n: number): Tensor {
    if (!Number.isInteger(n) || n < 0) throw new EngineError('linspace', `count ${n} must be a whole number >= 0`);
    const step = n > 1 ? (stop - start) / (n - 1) : 0;
    return this.tensor(Array.from({ length: n }, (_, i) => (i === n - 1 && n > 1 ? stop : start + i * step)), [n]);
  }

  /** Uniform in [low, high) (default [0, 1)); same seed, same values on every backend. */
  rand(shape: readonly number[], options: RandOptions = {}): Tensor {
    checkShape('rand', shape);
    const data = uniformArray(sizeOf(shape), options.seed ?? this.nextSeed(), options.low ?? 0, options.high ?? 1);
    return this.tensor(data, shape);
  }

  /** Normal with the given mean (default 0) and std (default 1); same seed, same values on every backend. */
  randn(shape: readonly number[], options: RandnOptions = {}): Tensor {
    checkShape('randn', shape);
    const data = normalArray(sizeOf(shape), options.seed ?? this.nextSeed(), options.mean ?? 0, options.std ?? 1);
    return this.tensor(data, shape);
  }

  // ------------------------------------------------------------ elementwise

  add(a: TensorLike, b: TensorLike): Tensor { return elementwise.binary(this, 'add', a, b); }
  sub(a: TensorLike, b: TensorLike): Tensor { return elementwise.binary(this, 'sub', a, b); }
  mul(a: TensorLike, b: TensorLike): Tensor { return elementwise.binary(this, 'mul', a, b); }
  div(a: TensorLike, b: TensorLike): Tensor { return elementwise.binary(this, 'div', a, b); }
  pow(a: TensorLike, b: TensorLike): Tensor { return elementwise.binary(this, 'pow', a, b); }
  maximum(a: TensorLike, b: TensorLike): Tensor { return elementwise.binary(this, 'maximum', a, b); }
  minimum(a: TensorLike, b: TensorLike): Tensor { return elementwise.binary(this, 'minimum', a, b); }
  equal(a: TensorLike, b: TensorLike): Tensor { return elementwise.binary(this, 'equal', a, b); }
  notEqual(a: TensorLike, b: TensorLike): Tensor { return elementwise.binary(this, 'notEqual', a, b); }
  less(a: TensorLike, b: TensorLike): Tensor { return elementwise.binary(this, 'less', a, b); }
  lessEqual(a: TensorLike, b: TensorLike): Tensor { return elementwise.binary(this, 'lessEqual', a, b); }
  greater(a: TensorLike, b: TensorLike): Tensor { return elementwise.binary(this, 'greater', a, b); }
  greaterEqual(a: TensorLike, b: TensorLike): Tensor { return elementwise.binary(this, 'greaterEqual', a, b); }
  where(cond: Tensor, a: TensorLike, b: TensorLike): Tensor { return elementwise.where(this, cond, a, b); }

  neg(x: Tensor): Tensor { return elementwise.unary(this, 'neg', x); }
  abs(x: Tensor): Tensor { return elementwise.unary(this, 'abs', x); }
  sign(x: Tensor): Tensor { return elementwise.unary(this, 'sign', x); }
  exp(x: Tensor): Tensor { return elementwise.unary(this, 'exp', x); }
  log(x: Tensor): Tensor { return elementwise.unary(this, 'log', x); }
  sqrt(x: Tensor): Tensor { return elementwise.unary(this, 'sqrt', x); }
  rsqrt(x: Tensor): Tensor { return elementwise.unary(this, 'rsqrt', x); }
  square(x: Tensor): Tensor { return elementwise.unary(this, 'square', x); }
  reciprocal(x: Tensor): Tensor { return elementwise.unary(this, 'reciprocal', x); }
  relu(x: Tensor): Tensor { return elementwise.unary(this, 'relu', x); }
  /** x > 0 ? x : alpha * x (alpha defaults to 0.01). */
  leakyRelu(x: Tensor, alpha = 0.01): Tensor { return elementwise.unary(this, 'leakyRelu', x, alpha); }
  sigmoid(x: Tensor): Tensor { return elementwise.unary(this, 'sigmoid', x); }
  tanh(x: Tensor): Tensor { return elementwise.unary(this, 'tanh', x); }
  /** GELU, tanh approximation. */
  gelu(x: Tensor): Tensor { return elementwise.unary(this, 'gelu', x); }
  toFloat(x: Tensor): Tensor { return elementwise.toFloat(this, x); }
  toInt(x: Tensor): Tensor { return elementwise.toInt(this, x); }

  // ------------------------------------------------------------ reductions

  sum(x: Tensor, axes?: Axes, keepdims?: boolean): Tensor { return reduce.sum(this, x, axes, keepdims); }
  mean(x: Tensor, axes?: Axes, keepdims?: boolean): Tensor { return reduce.mean(this, x, axes, keepdims); }
  max(x: Tensor, axes?: Axes, keepdims?: boolean): Tensor { return reduce.max(this, x, axes, keepdims); }
  min(x: Tensor, axes?: Axes, keepdims?: boolean): Tensor { return reduce.min(this, x, axes, keepdims); }
  variance(x: Tensor, axes?: Axes, keepdims?: boolean): Tensor { return reduce.variance(this, x, axes, keepdims); }
  argmax(x: Tensor, axis?: number, keepdims?: boolean): Tensor { return reduce.argmax(this, x, axis, keepdims); }
  argmin(x: Tensor, axis?: number, keepdims?: boolean): Tensor { return reduce.argmin(this, x, axis, keepdims); }

  // ------------------------------------------------------------ shape

  reshape(x: Tensor, shape: readonly number[]): Tensor { return shapeOps.reshape(this, x, shape); }
  transpose(x: Tensor, perm?: readonly number[]): Tensor { return shapeOps.transpose(this, x, perm); }
  permute(x: Tensor, perm: readonly number[]): Tensor { return shapeOps.permute(this, x, perm); }
  /** TensorFlow-style: `size` per axis (-1 or missing = to the end), not an end index. */
  slice(x: Tensor, begin: readonly number[], size?: readonly number[]): Tensor { return shapeOps.slice(this, x, begin, size); }
  concat(tensors: readonly Tensor[], axis?: number): Tensor { return shapeOps.concat(this, tensors, axis); }
  stack(tensors: readonly Tensor[], axis?: number): Tensor { return shapeOps.stack(this, tensors, axis); }
  broadcastTo(x: Tensor, shape: readonly number[]): Tensor { return shapeOps.broadcastTo(this, x, shape); }
  expandDims(x: Tensor, axis: number): Tensor { return shapeOps.expandDims(this, x, axis); }
  squeeze(x: Tensor, axes?: Axes): Tensor { return shapeOps.squeeze(this, x, axes); }
  contiguous(x: Tensor): Tensor { return shapeOps.contiguous(this, x); }

  // ------------------------------------------------------------ linear algebra and NN

  matmul(a: Tensor, b: Tensor): Tensor { return matmulOps.matmul(this, a, b); }
  softmax(x: Tensor, axis?: number): Tensor { return nn.softmax(this, x, axis); }
  logSoftmax(x: Tensor, axis?: number): Tensor { return nn.logSoftmax(this, x, axis); }
  layerNorm(x: Tensor, gamma?: Tensor, beta?: Tensor, eps?: number): Tensor { return nn.layerNorm(this, x, gamma, beta, eps); }
  crossEntropy(logits: Tensor, labels: Tensor): Tensor { return nn.crossEntropy(this, logits, labels); }
  mseLoss(pred: Tensor, target: Tensor): Tensor { return nn.mseLoss(this, pred, target); }
  embedding(table: Tensor, indices: Tensor): Tensor { return nn.embedding(this, table, indices); }
  dropout(x: Tensor, p: number, options?: nn.DropoutOptions): Tensor { return nn.dropout(this, x, p, options); }
  oneHot(labels: Tensor, classes: number): Tensor { return nn.oneHot(this, labels, classes); }

  /** Register a custom op (WGSL kernel + TypeScript reference); returns a function used like a built-in op. */
  registerOp(spec: custom.CustomOpSpec): custom.CustomOp { return custom.registerOp(this, spec); }
}

/** Create an engine on the requested backend ('auto': WebGPU if an adapter is available, else CPU). */
export async function createEngine(options: EngineOptions = {}): Promise<Engine> {
  const choice = options.backend ?? 'auto';
  if (choice === 'cpu') return new Engine(createCpuBackend(), options.seed);
  const gpu = options.gpu ?? (globalThis as { navigator?: { gpu?: GPU } }).navigator?.gpu;
  if (choice === 'auto') {
    const adapter = gpu ? await gpu.requestAdapter().catch(() => null) : null;
    if (!adapter) return new Engine(createCpuBackend(), options.seed);
  } else if (!gpu) {
    throw new EngineError('createEngine', "backend 'webgpu' needs WebGPU: navigator.gpu is missing here (pass options.gpu, or use backend 'auto' or 'cpu')");
  }
  const { createWebGpuBackend } = await import('./backends/webgpu/index');
  const backend = await createWebGpuBackend({ gpu: gpu!, ...(options.onDeviceLost ? { onDeviceLost: options.onDeviceLost } : {}) });
  return new Engine(backend, options.seed);
}
