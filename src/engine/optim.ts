/**
 * Optimizers: SGD (with optional momentum) and Adam.
 *
 * `step()` replaces each parameter's values with updated ones (`assign`), so
 * the learner's tensor objects stay the same. Updates run under noGrad inside
 * a tidy; the only tensors that survive a step are the new parameter values
 * and the optimizer state (momentum buffers, Adam moments), each replacing its
 * previous version, so repeated steps do not grow memory.
 */
import type { Engine } from './engine';
import { EngineError, formatShape } from './errors';
import type { Tensor } from './tensor';

abstract class Optimizer {
  protected readonly engine: Engine;
  readonly params: readonly Tensor[];
  private readonly state = new Map<Tensor, Map<string, Tensor>>();

  constructor(name: string, params: readonly Tensor[]) {
    if (params.length === 0) throw new EngineError(name, 'needs at least one parameter tensor');
    this.engine = params[0]!.engine;
    params.forEach((p, i) => {
      this.engine.assertLive(name, p);
      if (!p.requiresGrad || p.node) {
        throw new EngineError(name, `parameter ${i} ${formatShape(p.shape)} is not a leaf that requires grad (create it directly and set requiresGrad = true)`);
      }
    });
    this.params = [...params];
  }

  /** The new value of `param` given its gradient (called under noGrad inside a tidy). */
  protected abstract update(param: Tensor, grad: Tensor): Tensor;

  /** Apply one update to every parameter that has a gradient. */
  step(): void {
    this.engine.tidy(() =>
      this.engine.noGrad(() => {
        this.beforeStep();
        for (const param of this.params) {
          if (param.grad) param.assign(this.update(param, param.grad));
        }
      }),
    );
  }

  protected beforeStep(): void {}

  /** Dispose every parameter's gradient (they accumulate across backward calls until this). */
  zeroGrad(): void {
    for (const param of this.params) {
      param.grad?.dispose();
      param.grad = null;
    }
  }

  /** Free the optimizer state (momentum, moments). */
  dispose(): void {
    for (const entries of this.state.values()) for (const t of entries.values()) t.dispose();
    this.state.clear();
  }

  /** A state tensor of `param`, zeros until first set. */
  protected getState(param: Tensor, key: string): Tensor {
    const entries = this.state.get(param) ?? new Map<string, Tensor>();
    this.state.set(param, entries);
    let value = entries.get(key);
    if (!value) {
      value = this.engine.keep(this.engine.zerosLike(param));
      entries.set(key, value);
    }
    return value;
  }

  /** Replace a state tensor, keeping the new one past the step's tidy and freeing the old. */
  protected setState(param: Tensor, key: string, value: Tensor): Tensor {
    const entries = this.state.get(param)!;
    entries.get(key)?.dispose();
    entries.set(key, this.engine.keep(value));
    return value;
  }
}

export interface SGDOptions {
  lr: number;
  /** v = momentum * v + grad; p -= lr * v (PyTorch's formulation). Default 0. */
  momentum?: number;
}

export class SGD extends Optimizer {
  lr: number;
  readonly momentum: number;

  constructor(params: readonly Tensor[], options: SGDOptions) {
    super('SGD', params);
    this.lr = options.lr;
    this.momentum = options.momentum ?? 0;
  }

  protected update(param: Tensor, grad: Tensor): Tensor {
    const e = this.engine;
    let direction = grad;
    if (this.momentum !== 0) {
      const velocity = e.add(e.mul(this.getState(param, 'velocity'), this.momentum), grad);
      direction = this.setState(param, 'velocity', velocity);
    }
    return e.sub(param, e.mul(direction, this.lr));
  }
}

export interface AdamOptions {
  lr?: number;
  beta1?: number;
  beta2?: number;
  eps?: number;
}

export class Adam extends Optimizer {
  lr: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  private stepCount = 0;

  constructor(params: readonly Tensor[], options: AdamOptions = {}) {
    super('Adam', params);
    this.lr = options.lr ?? 1e-3;
    this.beta1 = options.beta1 ?? 0.9;
    this.beta2 = options.beta2 ?? 0.999;
    this.eps = options.eps ?? 1e-8;
  }

  protected override beforeStep(): void {
    this.stepCount++;
  }

  protected update(param: Tensor, grad: Tensor): Tensor {
    const e = this.engine;
    const { beta1, beta2 } = this;
    const m = this.setState(param, 'm', e.add(e.mul(this.getState(param, 'm'), beta1), e.mul(grad, 1 - beta1)));
    const v = this.setState(param, 'v', e.add(e.mul(this.getState(param, 'v'), beta2), e.mul(e.square(grad), 1 - beta2)));
    // Bias correction: m and v start at 0, so early averages are scaled up.
    const mHat = e.div(m, 1 - beta1 ** this.stepCount);
    const vHat = e.div(v, 1 - beta2 ** this.stepCount);
    return e.sub(param, e.mul(e.div(mHat, e.add(e.sqrt(vHat), this.eps)), this.lr));
  }
}
