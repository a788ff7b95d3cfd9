// Lifetimes: tidy (nested, async, keep, results inside objects), composed ops
// that must not leak intermediates outside tidy, and a 500-step training loop
// whose live tensors and bytes stay flat.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Adam, spirals, type Engine, type Tensor } from '../../../src/engine';
import { backends, createMlp } from './support';

describe.each(backends)('memory ($name)', ({ create }) => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await create();
  });
  afterAll(() => engine?.dispose());

  it('tidy disposes everything but its result; scopes nest; keep exempts', () => {
    const before = engine.memory();
    let inner: Tensor | undefined;
    let kept: Tensor | undefined;
    const result = engine.tidy(() => {
      const a = engine.ones([4, 4]);
      inner = engine.tidy(() => a.mul(2).add(1)); // survives the inner scope, dies with the outer
      kept = engine.keep(a.mul(3));
      return { total: inner.sum(), list: [a.sub(1)] };
    });
    expect(inner!.isDisposed).toBe(true);
    expect(kept!.isDisposed).toBe(false);
    expect(result.total.isDisposed).toBe(false);
    expect(result.list[0]!.isDisposed).toBe(false);
    expect(engine.memory().tensors).toBe(before.tensors + 3);
    result.total.dispose();
    result.list[0]!.dispose();
    kept!.dispose();
    expect(engine.memory().tensors).toBe(before.tensors);
    expect(engine.memory().bytesInUse).toBe(before.bytesInUse);
  });

  it('async tidy closes when the promise settles', async () => {
    const before = engine.memory().tensors;
    const value = await engine.tidy(async () => {
      const t = engine.ones([3]).mul(2);
      const data = await t.data();
      return { t: t.add(1), first: data[0] };
    });
    expect(value.first).toBe(2);
    expect(engine.memory().tensors).toBe(before + 1);
    value.t.dispose();
    expect(engine.memory().tensors).toBe(before);
  });

  it('views share storage: the storage is freed when the last view goes', () => {
    const before = engine.memory();
    const base = engine.ones([8, 8]);
    const transposed = base.transpose();
    const view = transposed.slice([2, 2], [3, 3]);
    base.dispose();
    transposed.dispose();
    expect(engine.memory().bytesInUse).toBe(before.bytesInUse + 64 * 4);
    view.dispose();
    expect(engine.memory().bytesInUse).toBe(before.bytesInUse);
    expect(engine.memory().tensors).toBe(before.tensors);
  });

  it('composed ops outside tidy leave only their result (with and without grad)', () => {
    const x = engine.randn([4, 6], { seed: 1 });
    const gamma = engine.ones([6]);
    const labels = engine.tensor(Int32Array.from([0, 1, 2, 3]));
    const vector = engine.ones([6]);
    /** The intermediates a result keeps for backward, recursively. */
    const ownedCount = (t: Tensor): number => (t.owned ?? []).reduce((n, o) => n + 1 + ownedCount(o), 0);
    const ops: [string, () => Tensor][] = [
      ['softmax', () => x.softmax()],
      ['logSoftmax', () => x.logSoftmax(0)],
      ['layerNorm', () => engine.layerNorm(x, gamma, gamma)],
      ['crossEntropy', () => engine.crossEntropy(x, labels)],
      ['mseLoss', () => engine.mseLoss(x, x)],
      ['mean', () => x.mean([0, 1])],
      ['variance', () => x.variance(1)],
      ['scalar add', () => engine.sub(1, x)],
      ['matmul vector', () => x.matmul(vector)],
      ['concat', () => engine.concat([x, x], 1)],
      ['stack', () => engine.stack([x, x])],
      ['dropout', () => engine.dropout(x, 0.5, { seed: 3 })],
      ['argmax', () => x.argmax()],
      ['maximum', () => x.maximum(0)],
      ['slice', () => x.slice([1, 1], [2, 2])],
    ];
    for (const requiresGrad of [false, true]) {
      x.requiresGrad = requiresGrad;
      for (const [name, run] of ops) {
        const before = engine.memory();
        const out = run();
        const owned = ownedCount(out);
        if (!requiresGrad) expect(owned, `${name} keeps nothing without grad`).toBe(0);
        expect(engine.memory().tensors, `${name} (grad ${requiresGrad})`).toBe(before.tensors + 1 + owned);
        out.dispose();
        expect(engine.memory().tensors, `${name} after dispose (grad ${requiresGrad})`).toBe(before.tensors);
        expect(engine.memory().bytesInUse, `${name} bytes after dispose (grad ${requiresGrad})`).toBe(before.bytesInUse);
      }
    }
    x.dispose();
    gamma.dispose();
    labels.dispose();
    vector.dispose();
  });

  it('500 Adam steps of a 2-16-2 MLP keep live tensors and bytes flat', () => {
    const data = spirals({ pointsPerClass: 32, seed: 1 });
    const before = engine.memory();
    const points = engine.tensor(data.points, [data.count, 2]);
    const labels = engine.tensor(data.labels);
    const model = createMlp(engine, [2, 16, 2], 7);
    const optimizer = new Adam(model.params, { lr: 0.01 });
    let atStep50 = engine.memory();
    for (let step = 1; step <= 500; step++) {
      engine.tidy(() => {
        optimizer.zeroGrad();
        const loss = engine.crossEntropy(model.forward(points), labels);
        loss.backward();
        optimizer.step();
      });
      if (step === 50) atStep50 = engine.memory();
    }
    const atStep500 = engine.memory();
    expect(atStep500.tensors).toBe(atStep50.tensors);
    expect(atStep500.bytesInUse).toBe(atStep50.bytesInUse);
    optimizer.zeroGrad();
    optimizer.dispose();
    for (const t of [points, labels, ...model.params]) t.dispose();
    expect(engine.memory().tensors).toBe(before.tensors);
    expect(engine.memory().bytesInUse).toBe(before.bytesInUse);
  });
});
