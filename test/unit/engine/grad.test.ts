// Every gradient against central finite differences of a float64 reference
// function (not through float32 tensors). Loss = sum(op(inputs) * W) with
// fixed random W, so every output element's gradient path is exercised.
// Inputs avoid kinks (relu/abs at 0, ties in max/maximum).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine, Tensor } from '../../../src/engine';
import { uniformArray } from '../../../src/engine/random';
import {
  backends,
  expectClose,
  meanOf,
  numericGradients,
  randomFloats,
  ref,
  refBroadcast,
  refConcat,
  refDot,
  refMap,
  refMatmul,
  refPermute,
  refReduce,
  refScalar,
  refSlice,
  refSoftmaxRows,
  refZip,
  sizeOf,
  sumOf,
  varianceOf,
  type Ref,
} from './support';

interface InputSpec {
  shape: number[];
  low?: number;
  high?: number;
  /** Keep |x| >= this, away from kinks at 0. */
  awayFromZero?: number;
}

interface GradCase {
  name: string;
  inputs: InputSpec[];
  run: (engine: Engine, x: Tensor[]) => Tensor;
  reference: (x: Ref[]) => Ref;
}

const GELU_C = Math.sqrt(2 / Math.PI);
const unaryCases: [string, (e: Engine, x: Tensor) => Tensor, (v: number) => number, InputSpec?][] = [
  ['neg', (e, x) => e.neg(x), (v) => -v],
  ['abs', (e, x) => e.abs(x), Math.abs, { shape: [3, 5], awayFromZero: 0.1 }],
  ['exp', (e, x) => e.exp(x), Math.exp],
  ['log', (e, x) => e.log(x), Math.log, { shape: [3, 5], low: 0.2, high: 3 }],
  ['sqrt', (e, x) => e.sqrt(x), Math.sqrt, { shape: [3, 5], low: 0.2, high: 3 }],
  ['rsqrt', (e, x) => e.rsqrt(x), (v) => 1 / Math.sqrt(v), { shape: [3, 5], low: 0.2, high: 3 }],
  ['reciprocal', (e, x) => e.reciprocal(x), (v) => 1 / v, { shape: [3, 5], low: 0.3, high: 3 }],
  ['square', (e, x) => e.square(x), (v) => v * v],
  ['relu', (e, x) => e.relu(x), (v) => Math.max(v, 0), { shape: [3, 5], awayFromZero: 0.1 }],
  ['leakyRelu', (e, x) => e.leakyRelu(x, 0.1), (v) => (v > 0 ? v : 0.1 * v), { shape: [3, 5], awayFromZero: 0.1 }],
  ['sigmoid', (e, x) => e.sigmoid(x), (v) => 1 / (1 + Math.exp(-v))],
  ['tanh', (e, x) => e.tanh(x), Math.tanh],
  ['gelu', (e, x) => e.gelu(x), (v) => 0.5 * v * (1 + Math.tanh(GELU_C * (v + 0.044715 * v ** 3)))],
];

const binaryCases: [string, (e: Engine, a: Tensor, b: Tensor) => Tensor, (a: number, b: number) => number, InputSpec[]][] = [
  ['add (broadcast [3,4] + [4])', (e, a, b) => e.add(a, b), (a, b) => a + b, [{ shape: [3, 4] }, { shape: [4] }]],
  ['sub (broadcast [3,1] - [3,4])', (e, a, b) => e.sub(a, b), (a, b) => a - b, [{ shape: [3, 1] }, { shape: [3, 4] }]],
  ['mul (broadcast [2,3,4] * [3,1])', (e, a, b) => e.mul(a, b), (a, b) => a * b, [{ shape: [2, 3, 4] }, { shape: [3, 1] }]],
  ['div', (e, a, b) => e.div(a, b), (a, b) => a / b, [{ shape: [3, 4] }, { shape: [4], low: 0.5, high: 2 }]],
  ['pow', (e, a, b) => e.pow(a, b), Math.pow, [{ shape: [3, 4], low: 0.5, high: 2 }, { shape: [3, 4], low: -1.5, high: 2 }]],
  ['maximum', (e, a, b) => e.maximum(a, b), Math.max, [{ shape: [3, 4] }, { shape: [4] }]],
  ['minimum', (e, a, b) => e.minimum(a, b), Math.min, [{ shape: [3, 4] }, { shape: [3, 1] }]],
];

function refLayerNormRows(x: Ref, gamma: Ref, beta: Ref): Ref {
  const cols = x.shape[x.shape.length - 1]!;
  const out = new Float64Array(x.data.length);
  for (let r = 0; r < x.data.length / cols; r++) {
    const row = Array.from(x.data.subarray(r * cols, (r + 1) * cols));
    const m = meanOf(row);
    const s = 1 / Math.sqrt(varianceOf(row) + 1e-5);
    row.forEach((v, c) => (out[r * cols + c] = (v - m) * s * gamma.data[c]! + beta.data[c]!));
  }
  return { shape: [...x.shape], data: out };
}

const dropoutMask = uniformArray(12, 5).map((u) => (u >= 0.3 ? 1 / 0.7 : 0));
const embeddingIndices = Int32Array.from([3, 1, 3, 0, 3, 2]);
const ceLabels = Int32Array.from([2, 0, 3, 3, 1]);

const cases: GradCase[] = [
  ...unaryCases.map(([name, run, f, spec]) => ({
    name,
    inputs: [spec ?? { shape: [3, 5] }],
    run: (e: Engine, [x]: Tensor[]) => run(e, x!),
    reference: ([x]: Ref[]) => refMap(x!, f),
  })),
  ...binaryCases.map(([name, run, f, inputs]) => ({
    name,
    inputs,
    run: (e: Engine, [a, b]: Tensor[]) => run(e, a!, b!),
    reference: ([a, b]: Ref[]) => refZip(a!, b!, f),
  })),
  {
    name: 'mul by a scalar and scalar - tensor',
    inputs: [{ shape: [4] }],
    run: (e, [x]) => e.sub(3, e.mul(x!, 2.5)),
    reference: ([x]) => refZip(refScalar(3), refMap(x!, (v) => v * 2.5), (a, b) => a - b),
  },
  {
    name: 'where',
    inputs: [{ shape: [3, 4] }, { shape: [4] }],
    run: (e, [a, b]) => e.where(e.greater(a!, 0), a!, b!),
    reference: ([a, b]) => refZip(a!, refBroadcast(b!, [3, 4]), (x, y) => (x > 0 ? x : y)),
  },
  {
    name: 'sum over axis 1 with keepdims',
    inputs: [{ shape: [3, 4, 2] }],
    run: (e, [x]) => e.sum(x!, 1, true),
    reference: ([x]) => refReduce(x!, [1], true, sumOf),
  },
  {
    name: 'mean over axes [0, 2]',
    inputs: [{ shape: [3, 4, 2] }],
    run: (e, [x]) => e.mean(x!, [0, -1]),
    reference: ([x]) => refReduce(x!, [0, 2], false, meanOf),
  },
  {
    name: 'max over axis 1',
    inputs: [{ shape: [3, 5] }],
    run: (e, [x]) => e.max(x!, 1),
    reference: ([x]) => refReduce(x!, [1], false, (v) => Math.max(...v)),
  },
  {
    name: 'min over everything',
    inputs: [{ shape: [3, 5] }],
    run: (e, [x]) => e.min(x!),
    reference: ([x]) => refReduce(x!, [0, 1], false, (v) => Math.min(...v)),
  },
  {
    name: 'variance over the last axis',
    inputs: [{ shape: [3, 5] }],
    run: (e, [x]) => e.variance(x!, -1),
    reference: ([x]) => refReduce(x!, [1], false, varianceOf),
  },
  {
    name: 'reshape of a transposed view',
    inputs: [{ shape: [3, 4] }],
    run: (e, [x]) => e.reshape(e.transpose(x!), [2, 6]),
    reference: ([x]) => ({ ...refPermute(x!, [1, 0]), shape: [2, 6] }),
  },
  {
    name: 'permute',
    inputs: [{ shape: [2, 3, 4] }],
    run: (e, [x]) => e.permute(x!, [1, 2, 0]),
    reference: ([x]) => refPermute(x!, [1, 2, 0]),
  },
  {
    name: 'slice',
    inputs: [{ shape: [4, 5] }],
    run: (e, [x]) => e.slice(x!, [1, 2], [2, -1]),
    reference: ([x]) => refSlice(x!, [1, 2], [2, 3]),
  },
  {
    name: 'concat along axis 1',
    inputs: [{ shape: [2, 3] }, { shape: [2, 1] }, { shape: [2, 2] }],
    run: (e, xs) => e.concat(xs, 1),
    reference: (xs) => refConcat(xs, 1),
  },
  {
    name: 'stack along axis 1',
    inputs: [{ shape: [2, 3] }, { shape: [2, 3] }],
    run: (e, xs) => e.stack(xs, 1),
    reference: ([a, b]) => refConcat([{ ...a!, shape: [2, 1, 3] }, { ...b!, shape: [2, 1, 3] }], 1),
  },
  {
    name: 'broadcastTo',
    inputs: [{ shape: [3, 1] }],
    run: (e, [x]) => e.broadcastTo(x!, [2, 3, 4]),
    reference: ([x]) => refBroadcast(x!, [2, 3, 4]),
  },
  {
    name: 'expandDims and squeeze',
    inputs: [{ shape: [3, 1, 2] }],
    run: (e, [x]) => e.expandDims(e.squeeze(x!, 1), 0),
    reference: ([x]) => ({ ...x!, shape: [1, 3, 2] }),
  },
  {
    name: 'matmul 2-D',
    inputs: [{ shape: [3, 4] }, { shape: [4, 5] }],
    run: (e, [a, b]) => e.matmul(a!, b!),
    reference: ([a, b]) => refMatmul(a!, b!),
  },
  {
    name: 'matmul batched with broadcast [2,1,3,4] @ [3,4,2]',
    inputs: [{ shape: [2, 1, 3, 4] }, { shape: [3, 4, 2] }],
    run: (e, [a, b]) => e.matmul(a!, b!),
    reference: ([a, b]) => refMatmul(a!, b!),
  },
  {
    name: 'matmul vector @ matrix',
    inputs: [{ shape: [4] }, { shape: [4, 3] }],
    run: (e, [a, b]) => e.matmul(a!, b!),
    reference: ([a, b]) => ({ ...refMatmul({ ...a!, shape: [1, 4] }, b!), shape: [3] }),
  },
  {
    name: 'softmax',
    inputs: [{ shape: [3, 5] }],
    run: (e, [x]) => e.softmax(x!),
    reference: ([x]) => refSoftmaxRows(x!),
  },
  {
    name: 'logSoftmax',
    inputs: [{ shape: [3, 5] }],
    run: (e, [x]) => e.logSoftmax(x!),
    reference: ([x]) => refSoftmaxRows(x!, true),
  },
  {
    name: 'layerNorm with gamma and beta',
    inputs: [{ shape: [3, 6] }, { shape: [6], low: 0.5, high: 1.5 }, { shape: [6] }],
    run: (e, [x, g, b]) => e.layerNorm(x!, g, b),
    reference: ([x, g, b]) => refLayerNormRows(x!, g!, b!),
  },
  {
    name: 'crossEntropy',
    inputs: [{ shape: [5, 4] }],
    run: (e, [x]) => e.crossEntropy(x!, e.tensor(ceLabels)),
    reference: ([x]) => {
      const logp = refSoftmaxRows(x!, true);
      return refScalar(-meanOf(Array.from(ceLabels, (label, r) => logp.data[r * 4 + label]!)));
    },
  },
  {
    name: 'mseLoss',
    inputs: [{ shape: [4, 2] }, { shape: [4, 2] }],
    run: (e, [a, b]) => e.mseLoss(a!, b!),
    reference: ([a, b]) => refScalar(meanOf(Array.from(a!.data, (v, i) => (v - b!.data[i]!) ** 2))),
  },
  {
    name: 'embedding (repeated indices accumulate)',
    inputs: [{ shape: [5, 3] }],
    run: (e, [table]) => e.embedding(table!, e.tensor(embeddingIndices, [2, 3])),
    reference: ([table]) => ({
      shape: [2, 3, 3],
      data: Float64Array.from({ length: 18 }, (_, i) => table!.data[embeddingIndices[Math.floor(i / 3)]! * 3 + (i % 3)]!),
    }),
  },
  {
    name: 'dropout (seeded mask)',
    inputs: [{ shape: [3, 4] }],
    run: (e, [x]) => e.dropout(x!, 0.3, { seed: 5 }),
    reference: ([x]) => refZip(x!, ref([3, 4], dropoutMask), (a, m) => a * m),
  },
];

function makeInput(spec: InputSpec, seed: number): Float32Array {
  const values = randomFloats(sizeOf(spec.shape), seed, spec.low ?? -2, spec.high ?? 2);
  if (spec.awayFromZero) {
    for (let i = 0; i < values.length; i++) {
      if (Math.abs(values[i]!) < spec.awayFromZero) values[i] = values[i]! < 0 ? -spec.awayFromZero : spec.awayFromZero;
    }
  }
  return values;
}

describe.each(backends)('gradients vs finite differences ($name)', ({ create }) => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await create();
  });
  afterAll(() => engine?.dispose());

  it.each(cases.map((c, i) => [c.name, i] as const))('%s', async (_, index) => {
    const testCase = cases[index]!;
    const data = testCase.inputs.map((spec, k) => makeInput(spec, index * 10 + k + 1));
    const refs = data.map((d, k) => ref(testCase.inputs[k]!.shape, d));
    const outShape = testCase.reference(refs).shape;
    const weights = ref(outShape, randomFloats(sizeOf(outShape), index + 1000, -1, 1));
    const expected = numericGradients((x) => refDot(testCase.reference(x), weights), refs);

    const liveBefore = engine.memory().tensors;
    const params = data.map((d, k) => {
      const t = engine.tensor(d, testCase.inputs[k]!.shape);
      t.requiresGrad = true;
      return t;
    });
    try {
      engine.tidy(() => {
        const out = testCase.run(engine, params);
        expect(out.shape).toEqual(outShape);
        out.mul(engine.tensor(Float32Array.from(weights.data), outShape)).sum().backward();
      });
      for (const [k, p] of params.entries()) {
        expect(p.grad, `input ${k} has a gradient`).not.toBeNull();
        expect(p.grad!.shape).toEqual(p.shape);
        expectClose(await p.grad!.data(), expected[k]!, { atol: 2e-4, rtol: 2e-3 }, `${testCase.name} d/dinput${k}`);
      }
    } finally {
      for (const p of params) {
        p.grad?.dispose();
        p.dispose();
      }
    }
    expect(engine.memory().tensors).toBe(liveBefore);
  });

  it('accumulates gradients across backward calls until they are disposed', async () => {
    const x = engine.tensor([1, 2, 3]);
    x.requiresGrad = true;
    engine.tidy(() => x.square().sum().backward());
    engine.tidy(() => x.square().sum().backward());
    expect(Array.from(await x.grad!.data())).toEqual([4, 8, 12]);
    x.grad!.dispose();
    x.grad = null;
    engine.tidy(() => x.mul(3).sum().backward());
    expect(Array.from(await x.grad!.data())).toEqual([3, 3, 3]);
    x.grad!.dispose();
    x.dispose();
  });

  it('uses a seed gradient for non-scalar roots and sums over shared subexpressions', async () => {
    const x = engine.tensor([1, -2]);
    x.requiresGrad = true;
    engine.tidy(() => {
      const y = x.mul(x).add(x); // dy/dx = 2x + 1
      y.backward(engine.tensor([10, 100]));
    });
    expect(Array.from(await x.grad!.data())).toEqual([30, -300]);
    x.grad!.dispose();
    x.dispose();
  });

  it('records nothing inside noGrad', () => {
    const x = engine.tensor([1, 2]);
    x.requiresGrad = true;
    engine.tidy(() => {
      const y = engine.noGrad(() => x.mul(2).sum());
      expect(y.requiresGrad).toBe(false);
      expect(() => y.backward()).toThrow(/does not require grad/);
    });
    x.dispose();
  });
});
