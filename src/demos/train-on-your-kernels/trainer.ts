/**
 * The two networks TrainOnYourKernels trains side by side: the same 2-32-32-3
 * ReLU MLP (settings.ts), from the same initial weights, on the same spirals,
 * full batch, with SGD + momentum and the engine's cross-entropy loss.
 *
 * - BuiltinTrainer: every op is the engine's (matmul, add, relu, and the
 *   engine's SGD optimizer). It runs on either backend.
 * - LearnerTrainer: the linear layers and ReLU are custom ops whose backward
 *   rules are the learner's linearBackward and relu-backward kernel, and each
 *   parameter is updated by the learner's sgd-momentum kernel (ops.ts).
 *   WebGPU only.
 *
 * If the learner's kernels are right, both follow the same loss curve up to
 * float rounding: that agreement is the demo's proof. Each step runs inside
 * engine.tidy, so only parameters and velocities outlive a step, and
 * `train(n)` reads all n losses back in one transfer.
 */
import { SGD, spirals, type Engine, type PointDataset, type Tensor } from '../../engine/index';
import { createLearnerOps, type LearnerKernels, type LearnerOps } from './ops';
import { trainSteps } from '../shared/train-steps';
import { DATASET, INIT_SEEDS, LAYER_SIZES, LEARNING_RATE, MOMENTUM } from './settings';

export interface Evaluation {
  /** Cross-entropy on the training points. */
  readonly loss: number;
  /** Fraction of the training points classified correctly, 0..1. */
  readonly accuracy: number;
}

abstract class SpiralMlp {
  readonly engine: Engine;
  readonly data: PointDataset;
  steps = 0;
  protected readonly points: Tensor;
  protected readonly labels: Tensor;
  /** [w0, b0, w1, b1, w2, b2]: weights [in, out] and biases [out] of each layer. */
  protected readonly params: Tensor[] = [];
  private disposed = false;

  constructor(engine: Engine) {
    this.engine = engine;
    this.data = spirals(DATASET);
    this.points = engine.keep(engine.tensor(this.data.points, [this.data.count, 2]));
    this.labels = engine.keep(engine.tensor(this.data.labels));
    for (let layer = 0; layer + 1 < LAYER_SIZES.length; layer++) {
      const inputs = LAYER_SIZES[layer]!;
      const outputs = LAYER_SIZES[layer + 1]!;
      // He initialisation (std sqrt(2 / fan-in)), the usual choice before a ReLU.
      const w = engine.keep(engine.randn([inputs, outputs], { seed: INIT_SEEDS[layer]!, std: Math.sqrt(2 / inputs) }));
      const b = engine.keep(engine.zeros([outputs]));
      w.requiresGrad = true;
      b.requiresGrad = true;
      this.params.push(w, b);
    }
  }

  /** Class scores [count, 3]. */
  protected abstract forward(x: Tensor): Tensor;
  /** Applies the update to every parameter (after backward). */
  protected abstract update(): void;

  /** Runs `count` steps; returns each step's loss (measured before its update), read back in one transfer. */
  async train(count: number): Promise<Float32Array> {
    this.assertLive('train');
    if (!Number.isInteger(count) || count < 1) throw new Error(`train: count must be a whole number >= 1, got ${count}`);
    return trainSteps(this.engine, count, {
      step: () => {
        this.zeroGrad();
        const value = this.engine.crossEntropy(this.forward(this.points), this.labels);
        value.backward();
        this.update();
        return value;
      },
      onStep: () => this.steps++,
      cleanup: () => this.zeroGrad(),
    });
  }

  /** Loss and training accuracy at the current weights, in one transfer. */
  async evaluate(): Promise<Evaluation> {
    this.assertLive('evaluate');
    const { engine } = this;
    const packed = engine.tidy(() =>
      engine.noGrad(() => {
        const scores = this.forward(this.points);
        const loss = engine.crossEntropy(scores, this.labels).reshape([1]);
        const accuracy = scores.argmax(1).equal(this.labels).toFloat().mean().reshape([1]);
        return engine.concat([loss, accuracy], 0);
      }),
    );
    try {
      const values = await packed.data();
      return { loss: values[0]!, accuracy: values[1]! };
    } finally {
      packed.dispose();
    }
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.zeroGrad();
    this.disposeState();
    for (const t of [this.points, this.labels, ...this.params]) t.dispose();
  }

  protected disposeState(): void {}

  protected zeroGrad(): void {
    for (const p of this.params) {
      p.grad?.dispose();
      p.grad = null;
    }
  }

  private assertLive(operation: string): void {
    if (this.disposed) throw new Error(`${this.constructor.name}.${operation}: this trainer was disposed`);
  }
}

/** The reference: the engine's own ops and optimizer. */
export class BuiltinTrainer extends SpiralMlp {
  private readonly optimizer: SGD;

  constructor(engine: Engine) {
    super(engine);
    this.optimizer = new SGD(this.params, { lr: LEARNING_RATE, momentum: MOMENTUM });
  }

  protected forward(x: Tensor): Tensor {
    let h = x;
    for (let layer = 0; layer * 2 < this.params.length; layer++) {
      h = h.matmul(this.params[2 * layer]!).add(this.params[2 * layer + 1]!);
      if (2 * layer + 2 < this.params.length) h = h.relu();
    }
    return h;
  }

  protected update(): void {
    this.optimizer.step();
  }

  protected override disposeState(): void {
    this.optimizer.dispose();
  }
}

/** The same network on the learner's kernels. */
export class LearnerTrainer extends SpiralMlp {
  private readonly ops: LearnerOps;
  /** One velocity per parameter, flat [size], as the sgd-momentum kernel keeps it. */
  private readonly velocities: Tensor[];

  constructor(engine: Engine, kernels: LearnerKernels) {
    if (engine.backendName !== 'webgpu') {
      throw new Error(`LearnerTrainer: the learner's kernels are WGSL and need the webgpu backend, not ${engine.backendName}`);
    }
    super(engine);
    this.ops = createLearnerOps(engine, kernels);
    this.velocities = this.params.map((p) => engine.keep(engine.zeros([p.size])));
  }

  protected forward(x: Tensor): Tensor {
    let h = x;
    for (let layer = 0; layer * 2 < this.params.length; layer++) {
      h = this.ops.linear(h, this.params[2 * layer]!, this.params[2 * layer + 1]!);
      if (2 * layer + 2 < this.params.length) h = this.ops.relu(h);
    }
    return h;
  }

  protected update(): void {
    const { engine } = this;
    engine.noGrad(() => {
      this.params.forEach((param, i) => {
        const grad = param.grad;
        if (!grad) throw new Error(`LearnerTrainer: parameter ${i} got no gradient; the backward pass did not reach it`);
        const n = param.size;
        const out = this.ops.sgdMomentum(param.reshape([n]), grad.reshape([n]), this.velocities[i]!, LEARNING_RATE, MOMENTUM);
        // The kernel writes [new w (n values), new v (n values)]; split it.
        param.assign(engine.contiguous(out.slice([0], [n]).reshape(param.shape)));
        const velocity = engine.keep(engine.contiguous(out.slice([n], [n])));
        this.velocities[i]!.dispose();
        this.velocities[i] = velocity;
      });
    });
  }

  protected override disposeState(): void {
    for (const v of this.velocities) v.dispose();
  }
}
