/**
 * The contract between the engine's front end (Tensor, ops, autograd) and a
 * compute backend (plain TypeScript on the CPU, or WebGPU).
 *
 * Why so few primitives: every op the learner sees (softmax, layerNorm,
 * crossEntropy, broadcasting, transpose, slice, ...) is composed in the front
 * end from the handful below, so a backend only implements these and every op
 * gets both backends for free. The CPU backend is also the numerical reference
 * the graders and tests compare against, so it must stay simple and obviously
 * right.
 *
 * Conventions
 * - A `Storage` is a flat, backend-owned array of `size` elements of one dtype.
 *   The front end owns lifetimes: it calls `free` exactly once per storage.
 * - A `View` reads a storage through a shape, per-axis strides (in elements)
 *   and an offset. A stride of 0 broadcasts that axis. Views let transpose,
 *   slice, broadcastTo and expandDims cost nothing until an op reads them.
 * - Every output written by a primitive is a fresh contiguous (row-major)
 *   storage allocated by the caller with `alloc`; outputs never alias inputs.
 * - Work may be queued: results are only guaranteed visible through `read`.
 */

export type DType = 'float32' | 'int32';

export type TypedArrayFor<D extends DType> = D extends 'int32' ? Int32Array : Float32Array;

/** Opaque, backend-owned flat array. */
export interface Storage {
  /** Unique id within the backend, for debugging and memory accounting. */
  readonly id: number;
  /** Number of elements (not bytes). */
  readonly size: number;
  readonly dtype: DType;
}

/** A strided window onto a storage. */
export interface View {
  readonly storage: Storage;
  readonly shape: readonly number[];
  /** Elements to step per index along each axis; 0 = broadcast. */
  readonly strides: readonly number[];
  /** Element offset of index [0, 0, ...]. */
  readonly offset: number;
}

/** Elementwise functions of one input. `param` is used by leakyRelu (alpha) and pow-by-scalar style ops. */
export type UnaryOp =
  | 'identity' // strided copy: materialises a view (transpose, slice, broadcast) contiguously
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
  | 'step' // x > 0 ? 1 : 0, the derivative of relu
  | 'leakyRelu' // x > 0 ? x : param * x
  | 'leakyReluGrad' // x > 0 ? 1 : param
  | 'sigmoid'
  | 'tanh'
  | 'gelu' // tanh approximation: 0.5x(1 + tanh(sqrt(2/pi)(x + 0.044715x^3)))
  | 'geluGrad' // d/dx of the tanh approximation above
  | 'toFloat' // int32 -> float32 (output dtype float32)
  | 'toInt'; // float32 -> int32, truncating toward zero (output dtype int32)

/** Elementwise functions of two inputs. Comparisons return 1 or 0 in the output dtype. */
export type BinaryOp =
  | 'add'
  | 'sub'
  | 'mul'
  | 'div'
  | 'pow'
  | 'maximum'
  | 'minimum'
  | 'equal'
  | 'notEqual'
  | 'less'
  | 'lessEqual'
  | 'greater'
  | 'greaterEqual';

export type ReduceOp = 'sum' | 'max' | 'min' | 'argmax' | 'argmin';

export interface Backend {
  readonly name: 'cpu' | 'webgpu';

  /** Allocate `size` elements, contents unspecified. */
  alloc(size: number, dtype: DType): Storage;
  /** Copy host data into a new storage. */
  upload(data: Float32Array | Int32Array): Storage;
  /** Copy a storage back to the host (flushes queued work first). */
  read(storage: Storage): Promise<Float32Array | Int32Array>;
  /** Release a storage (GPU buffers return to the pool). */
  free(storage: Storage): void;
  /** Write `value` into every element of `out`. */
  fill(out: Storage, value: number): void;

  /** out[i] = op(x[view index i]), out contiguous with x.shape. Output dtype = out.dtype. */
  unary(op: UnaryOp, x: View, out: Storage, param?: number): void;
  /** out = op(a, b); a and b are views already broadcast to `out`'s shape (same shape, strides may be 0). */
  binary(op: BinaryOp, a: View, b: View, out: Storage): void;
  /** out = cond != 0 ? a : b; all three views share out's shape. */
  where(cond: View, a: View, b: View, out: Storage): void;

  /**
   * Reduce the middle axis of x viewed as contiguous [outer, reduceSize, inner].
   * out has outer * inner elements. argmax/argmin write int32 indices (first
   * occurrence wins on ties); sum/max/min write x's dtype.
   */
  reduce(op: ReduceOp, x: Storage, outer: number, reduceSize: number, inner: number, out: Storage): void;

  /**
   * Softmax (or, with `log`, log-softmax) along the middle axis of float32 x
   * viewed as contiguous [outer, size, inner], into out of the same size:
   * one fused pass that subtracts each row's maximum before exp.
   */
  softmax(x: Storage, outer: number, size: number, inner: number, out: Storage, log: boolean): void;

  /**
   * Batched matmul: out[b, m, n] = sum_k a[b, m, k] * b[b, k, n].
   * a and b are 3-D views [batch, M, K] and [batch, K, N] (batch stride 0
   * broadcasts; strides let a transposed operand be read without a copy).
   * out is contiguous [batch, M, N], float32.
   */
  matmul(a: View, b: View, out: Storage): void;

  /** out[i, :] = table[indices[i], :] for table [rows, cols] contiguous, indices int32 [n]. Out-of-range indices throw on CPU and write 0 on GPU (checked by the front end beforehand). */
  gatherRows(table: Storage, rows: number, cols: number, indices: Storage, out: Storage): void;
  /** out[r, :] = sum of src[i, :] over all i with indices[i] == r; out [rows, cols], src [n, cols]. The backward of gatherRows. */
  scatterAddRows(src: Storage, indices: Storage, rows: number, cols: number, out: Storage): void;

  /**
   * Run a learner- or lesson-supplied WGSL compute kernel (custom ops). Only
   * the WebGPU backend has it; on the CPU the op's TypeScript reference runs
   * instead. Bindings are in order @group(0) @binding(0..): `inputs` as
   * read-only storage, then `outputs` as read_write storage, then, if
   * `uniforms` is given, one uniform buffer of those u32/f32 words.
   */
  runWgsl?(kernel: WgslKernel): void;

  /** Live storages and bytes, plus bytes parked in a reuse pool (0 for CPU). */
  memory(): { storages: number; bytesInUse: number; bytesPooled: number };
  /** Release everything (device, pools). The backend is unusable afterwards. */
  destroy(): void;
}

/** Number of elements of a shape. */
export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Row-major strides for a contiguous shape. */
export function contiguousStrides(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i]!;
  }
  return strides;
}

/** A contiguous view of a whole storage. */
export function contiguousView(storage: Storage, shape: readonly number[]): View {
  return { storage, shape, strides: contiguousStrides(shape), offset: 0 };
}

export const BYTES_PER_ELEMENT = 4;

/** A WGSL compute kernel to dispatch with `Backend.runWgsl`. */
export interface WgslKernel {
  /** Label for GPU objects and error messages (e.g. the custom op's name). */
  readonly label: string;
  readonly code: string;
  readonly entryPoint?: string;
  readonly inputs: readonly Storage[];
  readonly outputs: readonly Storage[];
  /** Raw 32-bit words for a uniform buffer bound after the outputs. */
  readonly uniforms?: Uint32Array;
  readonly workgroups: readonly [number, number, number];
}
