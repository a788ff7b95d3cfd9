/**
 * The CPU backend: plain loops over typed arrays.
 *
 * This is the numerical reference. Learners' results are graded against it and
 * the WebGPU backend is tested against it, so it is written to be obviously
 * right rather than fast:
 * - storage is float32 (or int32), as on the GPU;
 * - each element is computed in float64 (JavaScript numbers) and rounded once
 *   when stored, and sums (reduce 'sum', matmul, scatterAddRows) accumulate in
 *   float64, so the only float32 error is the final rounding;
 * - strided views are read through an explicit list of element offsets.
 *
 * The one concession to speed is matmul's i-k-j loop order over a contiguous
 * float64 copy of the right operand, so 512x512 runs in a fraction of a second.
 */
import {
  BYTES_PER_ELEMENT,
  sizeOf,
  type Backend,
  type BinaryOp,
  type DType,
  type ReduceOp,
  type Storage,
  type UnaryOp,
  type View,
} from '../backend';
import { EngineError, formatShape } from '../errors';

type HostArray = Float32Array | Int32Array;

interface CpuStorage extends Storage {
  readonly data: HostArray;
  freed: boolean;
}

/** The CPU backend also reads synchronously; custom ops' `cpu` functions use this. */
export interface CpuBackend extends Backend {
  readonly name: 'cpu';
  /** A copy of the storage's contents, without waiting. */
  readSync(storage: Storage): Float32Array | Int32Array;
}

function hostArray(size: number, dtype: DType): HostArray {
  return dtype === 'int32' ? new Int32Array(size) : new Float32Array(size);
}

/** Storage offset of every element of `view`, in row-major order of its shape. */
function viewOffsets(view: View): Int32Array {
  const { shape, strides } = view;
  const count = sizeOf(shape);
  const offsets = new Int32Array(count);
  const rank = shape.length;
  const index = new Array<number>(rank).fill(0);
  let offset = view.offset;
  for (let i = 0; i < count; i++) {
    offsets[i] = offset;
    // Odometer: bump the last axis, carrying into earlier axes.
    for (let axis = rank - 1; axis >= 0; axis--) {
      index[axis]!++;
      offset += strides[axis]!;
      if (index[axis]! < shape[axis]!) break;
      offset -= strides[axis]! * shape[axis]!;
      index[axis] = 0;
    }
  }
  return offsets;
}

/**
 * Offsets of a view's elements, or null when they are simply offset + i (a
 * row-major view, the common case), which saves building the list.
 */
function offsetsUnlessRowMajor(view: View): Int32Array | null {
  let expected = 1;
  for (let axis = view.shape.length - 1; axis >= 0; axis--) {
    if (view.shape[axis] !== 1 && view.strides[axis] !== expected) return viewOffsets(view);
    expected *= view.shape[axis]!;
  }
  return null;
}

function unaryFunction(op: UnaryOp, param: number): (x: number) => number {
  const geluScale = Math.sqrt(2 / Math.PI);
  switch (op) {
    case 'identity':
    case 'toFloat':
      return (x) => x;
    case 'toInt':
      return Math.trunc;
    case 'neg':
      return (x) => -x;
    case 'abs':
      return Math.abs;
    case 'sign':
      return (x) => (x > 0 ? 1 : x < 0 ? -1 : x); // keeps 0, -0 and NaN
    case 'exp':
      return Math.exp;
    case 'log':
      return Math.log;
    case 'sqrt':
      return Math.sqrt;
    case 'rsqrt':
      return (x) => 1 / Math.sqrt(x);
    case 'square':
      return (x) => x * x;
    case 'reciprocal':
      return (x) => 1 / x;
    case 'relu':
      return (x) => (x > 0 ? x : 0);
    case 'step':
      return (x) => (x > 0 ? 1 : 0);
    case 'leakyRelu':
      return (x) => (x > 0 ? x : param * x);
    case 'leakyReluGrad':
      return (x) => (x > 0 ? 1 : param);
    case 'sigmoid':
      return (x) => 1 / (1 + Math.exp(-x));
    case 'tanh':
      return Math.tanh;
    case 'gelu':
      return (x) => 0.5 * x * (1 + Math.tanh(geluScale * (x + 0.044715 * x * x * x)))
    case 'geluGrad':
      return (x) => {
        const t = Math.tanh(geluScale * (x + 0.044715 * x * x * x));
        return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * geluScale * (1 + 3 * 0.044715 * x * x);
      };
  }
}

function binaryFunction(op: BinaryOp): (a: number, b: number) => number {
  switch (op) {
    case 'add':
      return (a, b) => a + b;
    case 'sub':
      return (a, b) => a - b;
    case 'mul':
      return (a, b) => a * b;
    case 'div':
      return (a, b) => a / b;
    case 'pow':
      return Math.pow;
    case 'maximum':
      return Math.max; // NaN in either input gives NaN
    case 'minimum':
      return Math.min;
    case 'equal':
      return (a, b) => (a === b ? 1 : 0);
    case 'notEqual':
      return (a, b) => (a !== b ? 1 : 0);
    case 'less':
      return (a, b) => (a < b ? 1 : 0);
    case 'lessEqual':
      return (a, b) => (a <= b ? 1 : 0);
    case 'greater':
      return (a, b) => (a > b ? 1 : 0);
    case 'greaterEqual':
      return (a, b) => (a >= b ? 1 : 0);
  }
}

export function createCpuBackend(): CpuBackend {
  let nextId = 1;
  const live = new Set<CpuStorage>();

  function makeStorage(data: HostArray): CpuStorage {
    const storage: CpuStorage = {
      id: nextId++,
      size: data.length,
      dtype: data instanceof Int32Array ? 'int32' : 'float32',
      data,
      freed: false,
    };
    live.add(storage);
    return storage;
  }

  /** The array behind a storage; catches front-end bugs (foreign or freed storage) early. */
  function arrayOf(op: string, storage: Storage): HostArray {
    const cpuStorage = storage as CpuStorage;
    if (!(cpuStorage.data instanceof Float32Array || cpuStorage.data instanceof Int32Array)) {
      throw new EngineError(op, `storage ${storage.id} does not belong to the CPU backend`);
    }
    if (cpuStorage.freed) throw new EngineError(op, `storage ${storage.id} was already freed`);
    return cpuStorage.data;
  }

  /** A view must stay inside its storage; a front-end bug otherwise reads garbage silently. */
  function checkView(op: string, view: View): HostArray {
    const data = arrayOf(op, view.storage);
    if (view.shape.length !== view.strides.length) {
      throw new EngineError(op, `view shape ${formatShape(view.shape)} and strides ${formatShape(view.strides)} differ in rank`);
    }
    if (sizeOf(view.shape) === 0) return data;
    let last = view.offset;
    let first = view.offset;
    view.shape.forEach((dim, axis) => {
      const step = (dim - 1) * view.strides[axis]!;
      if (step > 0) last += step;
      else first += step;
    });
    if (first < 0 || last >= data.length) {
      throw new EngineError(
        op,
        `view ${formatShape(view.shape)} strides ${formatShape(view.strides)} offset ${view.offset} reaches outside its storage of ${data.length} elements`,
      );
    }
    return data;
  }

  function checkOutput(op: string, out: Storage, expected: number): HostArray {
    const data = arrayOf(op, out);
    if (data.length !== expected) {
      throw new EngineError(op, `output storage has ${data.length} elements but the result has ${expected}`);
    }
    return data;
  }

  function checkRows(op: string, indices: Int32Array, rows: number): void {
    for (let i = 0; i < indices.length; i++) {
      const row = indices[i]!;
      if (row < 0 || row >= rows) {
        throw new EngineError(
          op,
          `index ${row} at position ${i} is out of range for a table with ${rows} rows (use 0..${rows - 1})`,
        );
      }
    }
  }

  function indexArray(op: string, storage: Storage): Int32Array {
    const data = arrayOf(op, storage);
    if (!(data instanceof Int32Array)) throw new EngineError(op, `indices must be int32, got ${storage.dtype}`);
    return data;
  }

  return {
    name: 'cpu',

    alloc(size, dtype) {
      return makeStorage(hostArray(size, dtype));
    },

    upload(data) {
      return makeStorage(data.slice());
    },

    read(storage) {
      return Promise.resolve(arrayOf('read', storage).slice());
    },

    readSync(storage) {
      return arrayOf('readSync', storage).slice();
    },

    free(storage) {
      const cpuStorage = storage as CpuStorage;
      arrayOf('free', storage);
      cpuStorage.freed = true;
      live.delete(cpuStorage);
    },

    fill(out, value) {
      arrayOf('fill', out).fill(value);
    },

    unary(op, x, out, param = 0) {
      const src = checkView(op, x);
      const dst = checkOutput(op, out, sizeOf(x.shape));
      const offsets = offsetsUnlessRowMajor(x);
      const base = x.offset;
      const f = unaryFunction(op, param);
      for (let i = 0; i < dst.length; i++) dst[i] = f(src[offsets ? offsets[i]! : base + i]!);
    },

    binary(op, a, b, out) {
      const srcA = checkView(op, a);
      const srcB = checkView(op, b);
      if (formatShape(a.shape) !== formatShape(b.shape)) {
        throw new EngineError(op, `operand views ${formatShape(a.shape)} and ${formatShape(b.shape)} must already be broadcast to one shape`);
      }
      const dst = checkOutput(op, out, sizeOf(a.shape));
      const offsetsA = offsetsUnlessRowMajor(a);
      const offsetsB = offsetsUnlessRowMajor(b);
      const f = binaryFunction(op);
      for (let i = 0; i < dst.length; i++) {
        dst[i] = f(srcA[offsetsA ? offsetsA[i]! : a.offset + i]!, srcB[offsetsB ? offsetsB[i]! : b.offset + i]!);
      }
    },

    softmax(x, outer, size, inner, out, log) {
      const name = log ? 'logSoftmax' : 'softmax';
      const src = arrayOf(name, x);
      if (src.length !== outer * size * inner) {
        throw new EngineError(name, `input has ${src.length} elements, not ${outer}*${size}*${inner}`);
      }
      const dst = checkOutput(name, out, src.length);
      for (let o = 0; o < outer; o++) {
        for (let i = 0; i < inner; i++) {
          const start = o * size * inner + i;
          let rowMax = -Infinity;
          for (let r = 0; r < size; r++) rowMax = Math.max(rowMax, src[start + r * inner]!);
          let sum = 0; // float64 accumulator
          for (let r = 0; r < size; r++) sum += Math.exp(src[start + r * inner]! - rowMax);
          const logSum = Math.log(sum);
          for (let r = 0; r < size; r++) {
            const at = start + r * inner;
            dst[at] = log ? src[at]! - rowMax - logSum : Math.exp(src[at]! - rowMax) / sum;
          }
        }
      }
    },

    where(cond, a, b, out) {
      const srcCond = checkView('where', cond);
      const srcA = checkView('where', a);
      const srcB = checkView('where', b);
      const offsetsCond = viewOffsets(cond);
      const offsetsA = viewOffsets(a);
      const offsetsB = viewOffsets(b);
      if (offsetsA.length !== offsetsCond.length || offsetsB.length !== offsetsCond.length) {
        throw new EngineError('where', `views ${formatShape(cond.shape)}, ${formatShape(a.shape)}, ${formatShape(b.shape)} must share one shape`);
      }
      const dst = checkOutput('where', out, offsetsCond.length);
      for (let i = 0; i < offsetsCond.length; i++) {
        dst[i] = srcCond[offsetsCond[i]!]! !== 0 ? srcA[offsetsA[i]!]! : srcB[offsetsB[i]!]!;
      }
    },

    reduce(op: ReduceOp, x, outer, reduceSize, inner, out) {
      const src = arrayOf(op, x);
      if (src.length !== outer * reduceSize * inner) {
        throw new EngineError(op, `input has ${src.length} elements, not ${outer}*${reduceSize}*${inner}`);
      }
      const dst = checkOutput(op, out, outer * inner);
      for (let o = 0; o < outer; o++) {
        for (let i = 0; i < inner; i++) {
          const at = (r: number) => src[(o * reduceSize + r) * inner + i]!;
          let result: number;
          if (op === 'sum') {
            result = 0; // float64 accumulator
            for (let r = 0; r < reduceSize; r++) result += at(r);
          } else if (op === 'max' || op === 'min') {
            result = op === 'max' ? -Infinity : Infinity;
            const pick = op === 'max' ? Math.max : Math.min; // propagates NaN
            for (let r = 0; r < reduceSize; r++) result = pick(result, at(r));
          } else {
            // First occurrence wins on ties; a NaN is taken as the extreme, as NumPy does.
            result = 0;
            let best = at(0);
            for (let r = 1; r < reduceSize && !Number.isNaN(best); r++) {
              const v = at(r);
              if (Number.isNaN(v) || (op === 'argmax' ? v > best : v < best)) {
                best = v;
                result = r;
              }
            }
          }
          dst[o * inner + i] = result;
        }
      }
    },

    matmul(a, b, out) {
      const srcA = checkView('matmul', a);
      const srcB = checkView('matmul', b);
      if (a.shape.length !== 3 || b.shape.length !== 3) {
        throw new EngineError('matmul', `backend operands must be 3-D, got ${formatShape(a.shape)} and ${formatShape(b.shape)}`);
      }
      const [batch, M, K] = a.shape as [number, number, number];
      const [batchB, KB, N] = b.shape as [number, number, number];
      if (batchB !== batch || KB !== K) {
        throw new EngineError('matmul', `backend operands ${formatShape(a.shape)} and ${formatShape(b.shape)} do not match`);
      }
      const dst = checkOutput('matmul', out, batch * M * N);
      const [strideAB, strideAM, strideAK] = a.strides as [number, number, number];
      const [strideBB, strideBK, strideBN] = b.strides as [number, number, number];
      const rightRows = new Float64Array(K * N); // b[batch] as contiguous float64 [K, N]
      const rowAccumulator = new Float64Array(N);
      for (let batchIndex = 0; batchIndex < batch; batchIndex++) {
        if (batchIndex === 0 || strideBB !== 0) {
          const base = b.offset + batchIndex * strideBB;
          for (let k = 0; k < K; k++) {
            for (let n = 0; n < N; n++) rightRows[k * N + n] = srcB[base + k * strideBK + n * strideBN]!;
          }
        }
        for (let m = 0; m < M; m++) {
          rowAccumulator.fill(0);
          const rowBase = a.offset + batchIndex * strideAB + m * strideAM;
          for (let k = 0; k < K; k++) {
            const aValue = srcA[rowBase + k * strideAK]!;
            const rightBase = k * N;
            for (let n = 0; n < N; n++) rowAccumulator[n]! += aValue * rightRows[rightBase + n]!;
          }
          const outBase = (batchIndex * M + m) * N;
          for (let n = 0; n < N; n++) dst[outBase + n] = rowAccumulator[n]!;
        }
      }
    },

    gatherRows(table, rows, cols, indices, out) {
      const src = arrayOf('gatherRows', table);
      const index = indexArray('gatherRows', indices);
      if (src.length !== rows * cols) {
        throw new EngineError('gatherRows', `table has ${src.length} elements, not ${rows}*${cols}`);
      }
      const dst = checkOutput('gatherRows', out, index.length * cols);
      checkRows('gatherRows', index, rows);
      for (let i = 0; i < index.length; i++) {
        const from = index[i]! * cols;
        for (let c = 0; c < cols; c++) dst[i * cols + c] = src[from + c]!;
      }
    },

    scatterAddRows(src, indices, rows, cols, out) {
      const values = arrayOf('scatterAddRows', src);
      const index = indexArray('scatterAddRows', indices);
      if (values.length !== index.length * cols) {
        throw new EngineError('scatterAddRows', `source has ${values.length} elements, not ${index.length}*${cols}`);
      }
      const dst = checkOutput('scatterAddRows', out, rows * cols);
      checkRows('scatterAddRows', index, rows);
      const sums = new Float64Array(rows * cols);
      for (let i = 0; i < index.length; i++) {
        const to = index[i]! * cols;
        for (let c = 0; c < cols; c++) sums[to + c]! += values[i * cols + c]!;
      }
      dst.set(sums);
    },

    memory() {
      let bytesInUse = 0;
      for (const storage of live) bytesInUse += storage.size * BYTES_PER_ELEMENT;
      return { storages: live.size, bytesInUse, bytesPooled: 0 };
    },

    destroy() {
      for (const storage of live) storage.freed = true;
      live.clear();
    },
  };
}
