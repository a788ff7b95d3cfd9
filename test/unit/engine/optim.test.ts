// Optimizers against their update rules computed in float64, and their
// interaction with gradients (zeroGrad, params without grad).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Adam, EngineError, SGD, type Engine, type Tensor } from '../../../src/engine';
import { backends, expectClose } from './support';

/** Gradient of loss = sum(c * p^2) is 2 c p. */
const coefficients = [0.5, -1, 2, 3];
const gradOf = (p: number[]) => p.map((v, i) => 2 * coefficients[i]! * v);

function lossOf(engine: Engine, p: Tensor): Tensor {
  return p.square().mul(engine.tensor(coefficients)).sum();
}

describe.each(backends)('optimizers ($name)', ({ create }) => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await create();
  });
  afterAll(() => engine?.dispose());

  async function run(optimizerFor: (p: Tensor) => SGD | Adam, steps: number): Promise<Float32Array | Int32Array> {
    const p = engine.tensor([1, -2, 0.5, 3]);
    p.requiresGrad = true;
    const optimizer = optimizerFor(p);
    for (let s = 0; s < steps; s++) {
      engine.tidy(() => {
        optimizer.zeroGrad();
        lossOf(engine, p).backward();
        optimizer.step();
      });
    }
    const values = await p.data();
    optimizer.zeroGrad();
    optimizer.dispose();
    p.dispose();
    return values;
  }

  it('SGD with momentum follows v = m v + g; p -= lr v', async () => {
    let p = [1, -2, 0.5, 3];
    let v = [0, 0, 0, 0];
    for (let s = 0; s < 3; s++) {
      const g = gradOf(p);
      v = v.map((vi, i) => 0.9 * vi + g[i]!);
      p = p.map((pi, i) => pi - 0.1 * v[i]!);
    }
    expectClose(await run((param) => new SGD([param], { lr: 0.1, momentum: 0.9 }), 3), p, { atol: 1e-6, rtol: 1e-6 });
  });

  it('Adam follows the bias-corrected update', async () => {
    let p = [1, -2, 0.5, 3];
    let m = [0, 0, 0, 0];
    let v = [0, 0, 0, 0];
    for (let t = 1; t <= 4; t++) {
      const g = gradOf(p);
      m = m.map((mi, i) => 0.9 * mi + 0.1 * g[i]!);
      v = v.map((vi, i) => 0.999 * vi + 0.001 * g[i]! ** 2);
      p = p.map((pi, i) => pi - (0.05 * (m[i]! / (1 - 0.9 ** t))) / (Math.sqrt(v[i]! / (1 - 0.999 ** t)) + 1e-8));
    }
    expectClose(await run((param) => new Adam([param], { lr: 0.05 }), 4), p, { atol: 1e-6, rtol: 1e-5 });
  });

  it('zeroGrad clears gradients; step skips params without one; non-leaf params are refused', async () => {
    const a = engine.tensor([1, 2]);
    const b = engine.tensor([3, 4]);
    a.requiresGrad = true;
    b.requiresGrad = true;
    const optimizer = new SGD([a, b], { lr: 1 });
    engine.tidy(() => a.sum().backward());
    optimizer.step();
    expect(Array.from(await a.data())).toEqual([0, 1]);
    expect(Array.from(await b.data())).toEqual([3, 4]);
    optimizer.zeroGrad();
    expect(a.grad).toBeNull();
    expect(() => new SGD([engine.tidy(() => engine.keep(a.mul(2)))], { lr: 1 })).toThrow(EngineError);
    expect(() => new Adam([engine.tensor([1])])).toThrow(/parameter 0 \[1\] is not a leaf that requires grad/);
    a.dispose();
    b.dispose();
  });
});
