/**
 * The training playground's model and training loop on the course's engine:
 * a 2 → hidden → 2 network (tanh or ReLU) trained with SGD + momentum on the
 * seeded spirals, full batch, exactly as the lesson's code does it.
 *
 * Built for a page that trains in short chunks: `train(n)` runs n steps and
 * reads all n losses back in one transfer (one GPU readback per chunk, not per
 * step), and `evaluate()` reads the training accuracy and the decision-boundary
 * grid back in one transfer too. Every step runs inside `engine.tidy`, so the
 * only tensors that outlive a step are the parameters and the momentum
 * buffers: memory stays flat however long it trains (checked in
 * test/unit/demos/training-playground.test.ts).
 */
import { SGD, spirals, type Engine, type PointDataset, type Tensor } from '../../engine';
import { DATASET, INIT_SEEDS, MOMENTUM, type PlaygroundSettings } from './settings';
import { gridPoints, type GridSpec } from './boundary';
import { trainSteps } from '../shared/train-steps';

export interface Evaluation {
  /** Cross-entropy on the training points at the current weights. */
  loss: number;
  /** Fraction of the training points classified correctly, 0..1. */
  accuracy: number;
  /** Probability of class 1 at each grid cell, row-major from the top-left (see boundary.ts). */
  gridProbabilities: Float32Array;
}

export class SpiralTrainer {
  readonly engine: Engine;
  readonly settings: Readonly<PlaygroundSettings>;
  readonly data: PointDataset;
  readonly grid: GridSpec;
  /** Steps taken so far. */
  steps = 0;

  private readonly points: Tensor;
  private readonly labels: Tensor;
  private readonly gridTensor: Tensor;
  private readonly params: Tensor[];
  private readonly optimizer: SGD;
  private disposed = false;

  constructor(engine: Engine, settings: PlaygroundSettings, grid: GridSpec) {
    this.engine = engine;
    this.settings = { ...settings };
    this.grid = grid;
    this.data = spirals(DATASET);
    this.points = engine.keep(engine.tensor(this.data.points, [this.data.count, 2]));
    this.labels = engine.keep(engine.tensor(this.data.labels));
    this.gridTensor = engine.keep(engine.tensor(gridPoints(grid), [grid.size * grid.size, 2]));
    const { hidden } = settings;
    // Random, not zero, first-layer weights: identical hidden units would get
    // identical gradients and never become different. std 1 suits both tanh
    // and ReLU here (He initialisation for 2 inputs is sqrt(2/2) = 1).
    const w1 = engine.keep(engine.randn([2, hidden], { seed: INIT_SEEDS.w1, std: 1 }));
    const b1 = engine.keep(engine.zeros([hidden]));
    const w2 = engine.keep(engine.randn([hidden, 2], { seed: INIT_SEEDS.w2, std: Math.sqrt(1 / hidden) }));
    const b2 = engine.keep(engine.zeros([2]));
    this.params = [w1, b1, w2, b2];
    for (const p of this.params) p.requiresGrad = true;
    this.optimizer = new SGD(this.params, { lr: settings.learningRate, momentum: MOMENTUM });
  }

  /** Takes effect from the next step; the momentum carries over. */
  setLearningRate(lr: number): void {
    if (!(lr > 0) || !Number.isFinite(lr)) throw new Error(`SpiralTrainer.setLearningRate: learning rate must be a positive number, got ${lr}`);
    this.optimizer.lr = lr;
  }

  get learningRate(): number {
    return this.optimizer.lr;
  }

  /** Class scores [M, 2] for points [M, 2]. */
  forward(x: Tensor): Tensor {
    const [w1, b1, w2, b2] = this.params as [Tensor, Tensor, Tensor, Tensor];
    const pre = x.matmul(w1).add(b1);
    const hidden = this.settings.activation === 'tanh' ? pre.tanh() : pre.relu();
    return hidden.matmul(w2).add(b2);
  }

  /**
   * Run `count` training steps; returns the loss before each step's update
   * (the loss the step measured), one per step, read back in one transfer.
   */
  async train(count: number): Promise<Float32Array> {
    this.assertLive('train');
    if (!Number.isInteger(count) || count < 1) throw new Error(`SpiralTrainer.train: count must be a whole number >= 1, got ${count}`);
    const { engine, optimizer } = this;
    return trainSteps(engine, count, {
      step: () => {
        optimizer.zeroGrad();
        const value = engine.crossEntropy(this.forward(this.points), this.labels);
        value.backward();
        optimizer.step();
        return value;
      },
      onStep: () => this.steps++,
      // The last gradients are not needed until the next step clears them;
      // freeing them now keeps memory identical between chunks.
      cleanup: () => optimizer.zeroGrad(),
    });
  }

  /** Loss, training accuracy and the class-1 probability over the grid at the current weights, in one transfer. */
  async evaluate(): Promise<Evaluation> {
    this.assertLive('evaluate');
    const { engine } = this;
    const packed = engine.tidy(() =>
      engine.noGrad(() => {
        const scores = this.forward(this.points);
        const loss = engine.crossEntropy(scores, this.labels).reshape([1]);
        const accuracy = scores.argmax(1).equal(this.labels).toFloat().mean().reshape([1]);
        const probabilityOfClass1 = engine.softmax(this.forward(this.gridTensor), 1).slice([0, 1], [-1, 1]).reshape([-1]);
        return engine.concat([loss, accuracy, probabilityOfClass1], 0);
      }),
    );
    try {
      const values = await packed.data();
      return { loss: values[0]!, accuracy: values[1]!, gridProbabilities: Float32Array.from(values.subarray(2)) };
    } finally {
      packed.dispose();
    }
  }

  /** Free every tensor this trainer made (data, grid, weights, momentum). */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.optimizer.zeroGrad();
    this.optimizer.dispose();
    for (const t of [this.points, this.labels, this.gridTensor, ...this.params]) t.dispose();
  }

  private assertLive(operation: string): void {
    if (this.disposed) throw new Error(`SpiralTrainer.${operation}: this trainer was disposed (Reset makes a new one)`);
  }
}
