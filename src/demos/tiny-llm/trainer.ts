/**
 * Training and sampling the tiny LLM on the course's engine: the loop the
 * demo's worker runs, kept free of browser APIs so it is unit-tested in Node.
 *
 * `train(n)` runs n Adam steps on random windows of the text and reads the n
 * losses back in one transfer (one GPU readback per chunk, not per step).
 * Each step runs inside `engine.tidy`, so only the parameters and Adam's
 * moments outlive it and memory stays flat. `generate` feeds the model its
 * own output one character at a time: a forward pass over the last `context`
 * tokens, the last position's logits back to JavaScript, one draw
 * (sampling.ts), repeat.
 */
import { Adam, Random, type Engine, type Tensor } from '../../engine';
import { BatchSampler, evenlySpacedBatch, splitTokens, type TokenBatch } from './batching';
import { TinyTransformer, type ModelConfig } from './model';
import { sampleNext, type SamplingOptions } from './sampling';
import { CharTokenizer } from './tokenizer';
import { trainSteps } from '../shared/train-steps';

export interface TrainerSettings {
  /** Model shape except the vocabulary, which comes from the text. */
  readonly model: Omit<ModelConfig, 'vocabSize'>;
  readonly batch: number;
  readonly learningRate: number;
  /**
   * Steps over which the learning rate ramps up linearly to `learningRate`.
   * Adam's first updates are full-size whatever the gradient's scale, and
   * without a ramp they knock the loss up for a few steps before it recovers.
   */
  readonly warmupSteps: number;
  /** Seeds the initial weights and the batch order. */
  readonly seed: number;
  /** Share of the text held out for the validation loss. */
  readonly validationFraction: number;
  /** Windows in the fixed validation batch. */
  readonly validationBatch: number;
}

export interface GenerateRequest {
  readonly prompt: string;
  /** Characters to add after the prompt. */
  readonly length: number;
  readonly sampling: SamplingOptions;
  readonly seed: number;
  /** Called with each new character as soon as it is drawn; return false to stop early. */
  readonly onCharacter?: (character: string) => boolean | void;
}

export interface Generated {
  readonly prompt: string;
  /** The characters the model added (not including the prompt). */
  readonly text: string;
  /** Prompt characters that are not in the vocabulary and were left out. */
  readonly unknown: readonly string[];
}

export class TinyLlmTrainer {
  readonly engine: Engine;
  readonly tokenizer: CharTokenizer;
  readonly model: TinyTransformer;
  readonly settings: Readonly<TrainerSettings>;
  readonly trainTokens: number;
  readonly validationTokens: number;
  /** Steps taken so far. */
  steps = 0;

  private readonly sampler: BatchSampler;
  private readonly validation: TokenBatch | null;
  private readonly optimizer: Adam;
  private disposed = false;

  constructor(engine: Engine, text: string, settings: TrainerSettings) {
    this.engine = engine;
    this.settings = { ...settings, model: { ...settings.model } };
    this.tokenizer = CharTokenizer.fromText(text);
    const split = splitTokens(this.tokenizer.encodeStrict(text), settings.validationFraction);
    this.trainTokens = split.train.length;
    this.validationTokens = split.validation.length;
    const { context } = settings.model;
    this.sampler = new BatchSampler(split.train, settings.batch, context, settings.seed ^ 0x5eed);
    this.validation = split.validation.length > context ? evenlySpacedBatch(split.validation, settings.validationBatch, context) : null;
    this.model = new TinyTransformer(engine, { ...settings.model, vocabSize: this.tokenizer.vocabSize }, settings.seed);
    this.optimizer = new Adam(this.model.parameters, { lr: settings.learningRate });
  }

  /** The learning rate of step `step` (0-based): the linear warm-up, then constant. */
  learningRateAt(step: number): number {
    const { learningRate, warmupSteps } = this.settings;
    return warmupSteps > 0 ? learningRate * Math.min(1, (step + 1) / warmupSteps) : learningRate;
  }

  /** ln(V): the loss of a model that gives every character the same probability. */
  get uniformLoss(): number {
    return Math.log(this.tokenizer.vocabSize);
  }

  /** Run `count` steps; returns each step's training loss (measured before its update), read back in one transfer. */
  async train(count: number): Promise<Float32Array> {
    this.assertLive('train');
    if (!Number.isInteger(count) || count < 1) throw new Error(`TinyLlmTrainer.train: count must be a whole number >= 1, got ${count}`);
    const { engine, optimizer, model } = this;
    return trainSteps(engine, count, {
      step: () => {
        const batch = this.sampler.next();
        optimizer.lr = this.learningRateAt(this.steps);
        optimizer.zeroGrad();
        const value = model.loss(this.batchTensor(batch.inputs, batch), this.batchTensor(batch.targets, batch));
        value.backward();
        optimizer.step();
        return value;
      },
      onStep: () => this.steps++,
      cleanup: () => optimizer.zeroGrad(),
    });
  }

  /** Loss on the held-out validation batch at the current weights (null if the text is too short to hold one out). */
  async validationLoss(): Promise<number | null> {
    this.assertLive('validationLoss');
    const batch = this.validation;
    if (!batch) return null;
    const loss = this.engine.tidy(() =>
      this.engine.noGrad(() => this.model.loss(this.batchTensor(batch.inputs, batch), this.batchTensor(batch.targets, batch))),
    );
    try {
      return await loss.item();
    } finally {
      loss.dispose();
    }
  }

  /** Next-token logits [V] after `ids` (only the last `context` tokens are read). */
  async nextLogits(ids: ArrayLike<number>): Promise<Float32Array> {
    this.assertLive('nextLogits');
    const { engine, model } = this;
    const { context } = this.settings.model;
    const V = this.tokenizer.vocabSize;
    if (ids.length === 0) throw new Error('TinyLlmTrainer.nextLogits: needs at least one token of context');
    const window = Int32Array.from(Array.prototype.slice.call(ids, -context) as number[]);
    const last = engine.tidy(() =>
      engine.noGrad(() => {
        const logits = model.forward(engine.tensor(window, [1, window.length]));
        return engine.slice(logits, [window.length - 1, 0], [1, V]);
      }),
    );
    try {
      return Float32Array.from(await last.data());
    } finally {
      last.dispose();
    }
  }

  /**
   * Continue `prompt` by `length` characters. An empty prompt (or one with no
   * known characters) starts from a newline, as a fresh paragraph would.
   */
  async generate(request: GenerateRequest): Promise<Generated> {
    this.assertLive('generate');
    const { prompt, length, sampling, seed, onCharacter } = request;
    if (!Number.isInteger(length) || length < 0) throw new Error(`TinyLlmTrainer.generate: length must be a whole number >= 0, got ${length}`);
    const encoded = this.tokenizer.encode(prompt);
    const start = encoded.ids.length > 0 ? encoded.ids : this.tokenizer.encode('\n').ids;
    if (start.length === 0) throw new Error('TinyLlmTrainer.generate: the prompt has no known characters and the text has no newline to start from');
    const ids = Array.from(start);
    const random = new Random(seed);
    let text = '';
    for (let i = 0; i < length; i++) {
      const next = sampleNext(await this.nextLogits(ids), sampling, random.uniform());
      ids.push(next);
      const character = this.tokenizer.decode([next]);
      text += character;
      if (onCharacter?.(character) === false) break;
    }
    return { prompt, text, unknown: encoded.unknown };
  }

  /** Free the model, Adam's moments and any leftover gradients. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.optimizer.zeroGrad();
    this.optimizer.dispose();
    this.model.dispose();
  }

  private batchTensor(values: Int32Array, batch: TokenBatch): Tensor {
    return this.engine.tensor(values, [batch.batch, batch.context]);
  }

  private assertLive(operation: string): void {
    if (this.disposed) throw new Error(`TinyLlmTrainer.${operation}: this trainer was disposed (Reset makes a new one)`);
  }
}
