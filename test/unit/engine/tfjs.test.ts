// Differential test against TensorFlow.js (tfjs-core + the CPU backend) on the
// same float32 inputs: an independent, widely used implementation of the same
// ops. Tolerances are float32-level; both sides round in float32.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-backend-cpu';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine, Tensor } from '../../../src/engine';
import { backends, expectClose, randomFloats, randomInts } from './support';

interface DiffCase {
  name: string;
  inputs: { shape: number[]; low?: number; high?: number }[];
  ours: (e: Engine, x: Tensor[]) => Tensor;
  theirs: (x: tf.Tensor[]) => tf.Tensor;
  tol?: { atol: number; rtol: number };
}

const DEFAULT_TOL = { atol: 1e-5, rtol: 1e-5 };

const cases: DiffCase[] = [
  { name: 'add (broadcast)', inputs: [{ shape: [17, 65] }, { shape: [65] }], ours: (e, [a, b]) => e.add(a!, b!), theirs: ([a, b]) => tf.add(a!, b!) },
  { name: 'sub (broadcast)', inputs: [{ shape: [17, 1] }, { shape: [3, 17, 5] }], ours: (e, [a, b]) => e.sub(a!, b!), theirs: ([a, b]) => tf.sub(a!, b!) },
  { name: 'mul', inputs: [{ shape: [63] }, { shape: [63] }], ours: (e, [a, b]) => e.mul(a!, b!), theirs: ([a, b]) => tf.mul(a!, b!) },
  { name: 'div', inputs: [{ shape: [63] }, { shape: [63], low: 0.5, high: 3 }], ours: (e, [a, b]) => e.div(a!, b!), theirs: ([a, b]) => tf.div(a!, b!) },
  { name: 'pow', inputs: [{ shape: [65], low: 0.1, high: 3 }, { shape: [65] }], ours: (e, [a, b]) => e.pow(a!, b!), theirs: ([a, b]) => tf.pow(a!, b!) },
  { name: 'maximum', inputs: [{ shape: [4, 17] }, { shape: [17] }], ours: (e, [a, b]) => e.maximum(a!, b!), theirs: ([a, b]) => tf.maximum(a!, b!) },
  { name: 'minimum', inputs: [{ shape: [4, 17] }, { shape: [4, 1] }], ours: (e, [a, b]) => e.minimum(a!, b!), theirs: ([a, b]) => tf.minimum(a!, b!) },
  { name: 'greater', inputs: [{ shape: [257] }, { shape: [257] }], ours: (e, [a, b]) => e.greater(a!, b!), theirs: ([a, b]) => tf.cast(tf.greater(a!, b!), 'float32') },
  { name: 'lessEqual', inputs: [{ shape: [257] }, { shape: [1] }], ours: (e, [a, b]) => e.lessEqual(a!, b!), theirs: ([a, b]) => tf.cast(tf.lessEqual(a!, b!), 'float32') },
  { name: 'where', inputs: [{ shape: [5, 7] }, { shape: [5, 7] }], ours: (e, [a, b]) => e.where(e.greater(a!, 0), a!, b!), theirs: ([a, b]) => tf.where(tf.greater(a!, 0), a!, b!) },
  { name: 'neg', inputs: [{ shape: [65] }], ours: (e, [x]) => e.neg(x!), theirs: ([x]) => tf.neg(x!) },
  { name: 'abs', inputs: [{ shape: [65] }], ours: (e, [x]) => e.abs(x!), theirs: ([x]) => tf.abs(x!) },
  { name: 'exp', inputs: [{ shape: [257] }], ours: (e, [x]) => e.exp(x!), theirs: ([x]) => tf.exp(x!) },
  { name: 'log', inputs: [{ shape: [257], low: 0.01, high: 10 }], ours: (e, [x]) => e.log(x!), theirs: ([x]) => tf.log(x!) },
  { name: 'sqrt', inputs: [{ shape: [257], low: 0, high: 10 }], ours: (e, [x]) => e.sqrt(x!), theirs: ([x]) => tf.sqrt(x!) },
  { name: 'square', inputs: [{ shape: [65] }], ours: (e, [x]) => e.square(x!), theirs: ([x]) => tf.square(x!) },
  { name: 'relu', inputs: [{ shape: [65] }], ours: (e, [x]) => e.relu(x!), theirs: ([x]) => tf.relu(x!) },
  { name: 'leakyRelu', inputs: [{ shape: [65] }], ours: (e, [x]) => e.leakyRelu(x!, 0.2), theirs: ([x]) => tf.leakyRelu(x!, 0.2) },
  { name: 'sigmoid', inputs: [{ shape: [257], low: -8, high: 8 }], ours: (e, [x]) => e.sigmoid(x!), theirs: ([x]) => tf.sigmoid(x!) },
  { name: 'tanh', inputs: [{ shape: [257], low: -8, high: 8 }], ours: (e, [x]) => e.tanh(x!), theirs: ([x]) => tf.tanh(x!) },
  {
    name: 'gelu (tanh approximation, composed in tfjs)',
    inputs: [{ shape: [257], low: -5, high: 5 }],
    ours: (e, [x]) => e.gelu(x!),
    theirs: ([x]) => tf.mul(tf.mul(x!, 0.5), tf.add(1, tf.tanh(tf.mul(Math.sqrt(2 / Math.PI), tf.add(x!, tf.mul(0.044715, tf.pow(x!, 3))))))),
  },
  { name: 'sum over axis 1', inputs: [{ shape: [17, 65, 3] }], ours: (e, [x]) => e.sum(x!, 1), theirs: ([x]) => tf.sum(x!, 1) },
  { name: 'sum over [0, 2] keepdims', inputs: [{ shape: [17, 65, 3] }], ours: (e, [x]) => e.sum(x!, [0, 2], true), theirs: ([x]) => tf.sum(x!, [0, 2], true) },
  { name: 'mean over all', inputs: [{ shape: [63, 5] }], ours: (e, [x]) => e.mean(x!), theirs: ([x]) => tf.mean(x!) },
  { name: 'max over -1', inputs: [{ shape: [63, 5] }], ours: (e, [x]) => e.max(x!, -1), theirs: ([x]) => tf.max(x!, -1) },
  { name: 'min over 0', inputs: [{ shape: [63, 5] }], ours: (e, [x]) => e.min(x!, 0), theirs: ([x]) => tf.min(x!, 0) },
  { name: 'argmax over 1', inputs: [{ shape: [63, 17] }], ours: (e, [x]) => e.argmax(x!, 1), theirs: ([x]) => tf.argMax(x!, 1) },
  { name: 'argmin over 0', inputs: [{ shape: [63, 17] }], ours: (e, [x]) => e.argmin(x!, 0), theirs: ([x]) => tf.argMin(x!, 0) },
  {
    name: 'variance over 1',
    inputs: [{ shape: [17, 33] }],
    ours: (e, [x]) => e.variance(x!, 1),
    theirs: ([x]) => tf.moments(x!, 1).variance,
  },
  { name: 'softmax', inputs: [{ shape: [17, 65], low: -10, high: 10 }], ours: (e, [x]) => e.softmax(x!), theirs: ([x]) => tf.softmax(x!) },
  { name: 'logSoftmax', inputs: [{ shape: [17, 65], low: -10, high: 10 }], ours: (e, [x]) => e.logSoftmax(x!), theirs: ([x]) => tf.logSoftmax(x!) },
  {
    name: 'matmul',
    inputs: [{ shape: [17, 63] }, { shape: [63, 65] }],
    ours: (e, [a, b]) => e.matmul(a!, b!),
    theirs: ([a, b]) => tf.matMul(a!, b!),
    tol: { atol: 1e-4, rtol: 1e-5 },
  },
  {
    name: 'batched matmul with transposed operands',
    inputs: [{ shape: [3, 33, 17] }, { shape: [3, 9, 33] }],
    ours: (e, [a, b]) => e.matmul(a!.permute([0, 2, 1]), b!.permute([0, 2, 1])),
    theirs: ([a, b]) => tf.matMul(a!, b!, true, true),
    tol: { atol: 1e-4, rtol: 1e-5 },
  },
  {
    name: 'layerNorm (composed in tfjs from moments)',
    inputs: [{ shape: [9, 33] }, { shape: [33] }, { shape: [33] }],
    ours: (e, [x, g, b]) => e.layerNorm(x!, g, b),
    theirs: ([x, g, b]) => {
      const { mean, variance } = tf.moments(x!, -1, true);
      return tf.add(tf.mul(tf.mul(tf.sub(x!, mean), tf.rsqrt(tf.add(variance, 1e-5))), g!), b!);
    },
    tol: { atol: 5e-5, rtol: 1e-5 },
  },
  { name: 'transpose', inputs: [{ shape: [17, 5, 3] }], ours: (e, [x]) => e.transpose(x!), theirs: ([x]) => tf.transpose(x!) },
  { name: 'permute', inputs: [{ shape: [17, 5, 3] }], ours: (e, [x]) => e.permute(x!, [1, 2, 0]), theirs: ([x]) => tf.transpose(x!, [1, 2, 0]) },
  { name: 'slice', inputs: [{ shape: [17, 65] }], ours: (e, [x]) => e.slice(x!, [3, 10], [5, 40]), theirs: ([x]) => tf.slice(x!, [3, 10], [5, 40]) },
  {
    name: 'concat along 1',
    inputs: [{ shape: [4, 3, 5] }, { shape: [4, 7, 5] }],
    ours: (e, xs) => e.concat(xs, 1),
    theirs: (xs) => tf.concat(xs, 1),
  },
  { name: 'stack along 2', inputs: [{ shape: [4, 5] }, { shape: [4, 5] }, { shape: [4, 5] }], ours: (e, xs) => e.stack(xs, 2), theirs: (xs) => tf.stack(xs, 2) },
  { name: 'broadcastTo', inputs: [{ shape: [3, 1] }], ours: (e, [x]) => e.broadcastTo(x!, [2, 3, 4]), theirs: ([x]) => tf.broadcastTo(x!, [2, 3, 4]) },
  { name: 'reshape of transposed', inputs: [{ shape: [6, 4] }], ours: (e, [x]) => e.reshape(e.transpose(x!), [8, 3]), theirs: ([x]) => tf.reshape(tf.transpose(x!), [8, 3]) },
];

describe.each(backends)('differential vs TensorFlow.js CPU ($name)', ({ create }) => {
  let engine: Engine;
  beforeAll(async () => {
    await tf.setBackend('cpu');
    engine = await create();
  });
  afterAll(() => engine?.dispose());

  it.each(cases.map((c, i) => [c.name, i] as const))('%s', async (_, index) => {
    const testCase = cases[index]!;
    const data = testCase.inputs.map(({ shape, low, high }, k) =>
      randomFloats(shape.reduce((a, b) => a * b, 1), index * 7 + k + 1, low ?? -3, high ?? 3),
    );
    const expectedTensor = tf.tidy(() => testCase.theirs(data.map((d, k) => tf.tensor(d, testCase.inputs[k]!.shape, 'float32'))));
    const expected = await expectedTensor.data();
    const expectedShape = expectedTensor.shape;
    expectedTensor.dispose();
    await engine.tidy(async () => {
      const out = testCase.ours(engine, data.map((d, k) => engine.tensor(d, testCase.inputs[k]!.shape)));
      expect(out.shape).toEqual(expectedShape);
      expectClose(await out.data(), expected as ArrayLike<number>, testCase.tol ?? DEFAULT_TOL, testCase.name);
    });
  });

  it('crossEntropy matches tf.losses.softmaxCrossEntropy', async () => {
    const logits = randomFloats(63 * 5, 3, -4, 4);
    const labels = randomInts(63, 4, 0, 5);
    const expected = tf.tidy(() =>
      tf.losses.softmaxCrossEntropy(tf.oneHot(tf.tensor1d(labels, 'int32'), 5), tf.tensor2d(logits, [63, 5])).dataSync()[0]!,
    );
    const ours = await engine.tidy(() => engine.crossEntropy(engine.tensor(logits, [63, 5]), engine.tensor(labels))).item();
    expect(Math.abs(ours - expected)).toBeLessThan(1e-5);
  });

  it('gradients of a small network match tf.grads', async () => {
    const x = randomFloats(9 * 4, 1);
    const w = randomFloats(4 * 3, 2);
    const b = randomFloats(3, 3);
    const theirs = tf.tidy(() => {
      const f = (tw: tf.Tensor, tb: tf.Tensor) => tf.sum(tf.square(tf.tanh(tf.add(tf.matMul(tf.tensor2d(x, [9, 4]), tw as tf.Tensor2D), tb))));
      return tf.grads(f)([tf.tensor2d(w, [4, 3]), tf.tensor1d(b)]).map((g) => g.dataSync());
    });
    const tw = engine.tensor(w, [4, 3]);
    const tb = engine.tensor(b);
    tw.requiresGrad = true;
    tb.requiresGrad = true;
    engine.tidy(() => engine.tensor(x, [9, 4]).matmul(tw).add(tb).tanh().square().sum().backward());
    expectClose(await tw.grad!.data(), theirs[0]!, { atol: 1e-5, rtol: 1e-5 }, 'dW');
    expectClose(await tb.grad!.data(), theirs[1]!, { atol: 1e-5, rtol: 1e-5 }, 'db');
    for (const t of [tw.grad!, tb.grad!, tw, tb]) t.dispose();
  });
});
