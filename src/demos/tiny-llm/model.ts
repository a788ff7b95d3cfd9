/**
 * The tiny LLM: a GPT-style character-level transformer on the course's
 * tensor engine.
 *
 *   tokens [B, T] → token embedding + position embedding → x [B, T, D]
 *   per block (pre-norm):  x += Attention(LayerNorm(x));  x += MLP(LayerNorm(x))
 *   → LayerNorm → linear to the vocabulary → logits [B·T, V]
 *
 * Attention is causal: position t may look at positions 0..t only. The mask
 * is a constant [T, T] tensor, 0 on and below the diagonal and −1e9 above,
 * added to the attention scores before the softmax, so the future gets
 * weight exp(−1e9) = 0. (The engine has no causal-attention op; this is the
 * composition of add + softmax.)
 *
 * Every op is an engine op, so the same code trains on the WebGPU and the CPU
 * backend and gets its gradients from the engine's autograd.
 */
import { Random, type Engine, type Tensor } from '../../engine';

export interface ModelConfig {
  readonly vocabSize: number;
  /** Longest input the model reads (T): the number of position embeddings. */
  readonly context: number;
  /** Width of every token's vector (D). */
  readonly width: number;
  /** Attention heads per block; width must divide evenly by it. */
  readonly heads: number;
  /** Transformer blocks. */
  readonly layers: number;
  /** Hidden size of each MLP, as a multiple of the width (GPT uses 4). */
  readonly mlpRatio: number;
}

interface Block {
  readonly norm1Gain: Tensor;
  readonly norm1Bias: Tensor;
  // Separate query/key/value matrices rather than one [D, 3D] matmul split
  // afterwards: the engine's slice backward pads with gather + where, which
  // costs more than the two extra matmul launches it would save.
  readonly queryWeight: Tensor;
  readonly queryBias: Tensor;
  readonly keyWeight: Tensor;
  readonly keyBias: Tensor;
  readonly valueWeight: Tensor;
  readonly valueBias: Tensor;
  readonly projWeight: Tensor;
  readonly projBias: Tensor;
  readonly norm2Gain: Tensor;
  readonly norm2Bias: Tensor;
  readonly mlpInWeight: Tensor;
  readonly mlpInBias: Tensor;
  readonly mlpOutWeight: Tensor;
  readonly mlpOutBias: Tensor;
}

/** Added to the scores of future positions: exp(−1e9 − max) is exactly 0 in float32. */
const MASKED = -1e9;
/** GPT-2's initial weight scale. */
const INIT_STD = 0.02;

export function checkConfig(config: ModelConfig): void {
  const { vocabSize, context, width, heads, layers, mlpRatio } = config;
  const whole = { vocabSize, context, width, heads, layers, mlpRatio };
  for (const [name, value] of Object.entries(whole)) {
    if (!Number.isInteger(value) || value < 1) throw new Error(`TinyTransformer: ${name} must be a whole number >= 1, got ${value}`);
  }
  if (width % heads !== 0) throw new Error(`TinyTransformer: width ${width} does not divide into ${heads} heads (pick a width that is a multiple of the head count)`);
}

/** Number of trainable values in a model of this shape. */
export function parameterCount(config: ModelConfig): number {
  const { vocabSize: V, context: T, width: D, layers, mlpRatio } = config;
  const hidden = D * mlpRatio;
  const perBlock = 2 * D + 3 * (D * D + D) + (D * D + D) + 2 * D + (D * hidden + hidden) + (hidden * D + D);
  return V * D + T * D + layers * perBlock + 2 * D + (D * V + V);
}

/** The additive causal mask as host data: row t is 0 for columns 0..t and MASKED after. */
export function causalMaskValues(length: number): Float32Array {
  const values = new Float32Array(length * length);
  for (let row = 0; row < length; row++) for (let col = row + 1; col < length; col++) values[row * length + col] = MASKED;
  return values;
}

export class TinyTransformer {
  readonly engine: Engine;
  readonly config: ModelConfig;
  /** Every trainable tensor, in a fixed order (the optimizer's and the tests' view). */
  readonly parameters: readonly Tensor[];

  private readonly tokenEmbedding: Tensor;
  private readonly positionEmbedding: Tensor;
  private readonly blocks: readonly Block[];
  private readonly finalNormGain: Tensor;
  private readonly finalNormBias: Tensor;
  private readonly headWeight: Tensor;
  private readonly headBias: Tensor;
  /** One mask per sequence length used so far (training uses T; generation also shorter prompts). */
  private readonly masks = new Map<number, Tensor>();
  private disposed = false;

  constructor(engine: Engine, config: ModelConfig, seed: number) {
    checkConfig(config);
    this.engine = engine;
    this.config = { ...config };
    const { vocabSize: V, context: T, width: D, layers, mlpRatio } = config;
    const seeds = new Random(seed);
    const all: Tensor[] = [];
    const param = (make: () => Tensor): Tensor => {
      const t = engine.keep(make());
      t.requiresGrad = true;
      all.push(t);
      return t;
    };
    const normal = (shape: number[], std = INIT_STD) => param(() => engine.randn(shape, { seed: seeds.nextUint32(), std }));
    const zeros = (shape: number[]) => param(() => engine.zeros(shape));
    const ones = (shape: number[]) => param(() => engine.ones(shape));
    // Residual branches add up over the blocks; GPT-2 scales their output
    // projections down by sqrt(2 · layers) so the sum starts at the same size.
    const residualStd = INIT_STD / Math.sqrt(2 * layers);
    const hidden = D * mlpRatio;

    this.tokenEmbedding = normal([V, D]);
    this.positionEmbedding = normal([T, D]);
    this.blocks = Array.from({ length: layers }, () => ({
      norm1Gain: ones([D]),
      norm1Bias: zeros([D]),
      queryWeight: normal([D, D]),
      queryBias: zeros([D]),
      keyWeight: normal([D, D]),
      keyBias: zeros([D]),
      valueWeight: normal([D, D]),
      valueBias: zeros([D]),
      projWeight: normal([D, D], residualStd),
      projBias: zeros([D]),
      norm2Gain: ones([D]),
      norm2Bias: zeros([D]),
      mlpInWeight: normal([D, hidden]),
      mlpInBias: zeros([hidden]),
      mlpOutWeight: normal([hidden, D], residualStd),
      mlpOutBias: zeros([D]),
    }));
    this.finalNormGain = ones([D]);
    this.finalNormBias = zeros([D]);
    this.headWeight = normal([D, V]);
    this.headBias = zeros([V]);
    this.parameters = all;
  }

  /**
   * Logits [B·T, V] for int32 tokens [B, T] (T ≤ context): row b·T + t scores
   * the token that follows tokens[b, 0..t].
   */
  forward(tokens: Tensor): Tensor {
    this.assertLive('forward');
    const { engine: e } = this;
    const { context, width: D } = this.config;
    if (tokens.rank !== 2 || tokens.dtype !== 'int32') {
      throw new Error(`TinyTransformer.forward: expects int32 tokens [batch, length], got ${tokens.dtype} [${tokens.shape.join(',')}]`);
    }
    const [B, T] = tokens.shape as [number, number];
    if (T < 1 || T > context) throw new Error(`TinyTransformer.forward: length ${T} must be 1..${context} (the model's context); keep only the last ${context} tokens`);

    const positions = T === context ? this.positionEmbedding : e.slice(this.positionEmbedding, [0, 0], [T, D]);
    let x = e.add(e.embedding(this.tokenEmbedding, tokens), positions); // [B, T, D]
    const mask = this.causalMask(T);
    for (const block of this.blocks) {
      x = e.add(x, this.attention(e.layerNorm(x, block.norm1Gain, block.norm1Bias), block, mask));
      x = e.add(x, this.mlp(e.layerNorm(x, block.norm2Gain, block.norm2Bias), block));
    }
    const normed = e.layerNorm(x, this.finalNormGain, this.finalNormBias);
    return e.add(e.matmul(e.reshape(normed, [B * T, D]), this.headWeight), this.headBias);
  }

  /** Mean cross-entropy of predicting targets [B, T] from tokens [B, T]. */
  loss(tokens: Tensor, targets: Tensor): Tensor {
    return this.engine.crossEntropy(this.forward(tokens), this.engine.reshape(targets, [-1]));
  }

  /** Free the parameters and masks. Gradients belong to the optimizer (zeroGrad). */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const t of this.parameters) t.dispose();
    for (const mask of this.masks.values()) mask.dispose();
    this.masks.clear();
  }

  /** Multi-head causal self-attention on h [B, T, D]. */
  private attention(h: Tensor, block: Block, mask: Tensor): Tensor {
    const { engine: e } = this;
    const [B, T, D] = h.shape as [number, number, number];
    const { heads: H } = this.config;
    const headSize = D / H;
    const rows = e.reshape(h, [B * T, D]);
    // rows @ weight + bias, split into heads: [B, H, T, headSize].
    const headsOf = (weight: Tensor, bias: Tensor) =>
      e.permute(e.reshape(e.add(e.matmul(rows, weight), bias), [B, T, H, headSize]), [0, 2, 1, 3]);
    // The 1/sqrt(headSize) of scaled dot-product attention, applied to the
    // queries [.., T, headSize] rather than the scores [.., T, T]: fewer values.
    const queries = e.mul(headsOf(block.queryWeight, block.queryBias), 1 / Math.sqrt(headSize));
    const keys = headsOf(block.keyWeight, block.keyBias);
    const values = headsOf(block.valueWeight, block.valueBias);
    // Dot products [B, H, T, T]: how well each query matches each key; the future masked off.
    const scores = e.add(e.matmul(queries, e.permute(keys, [0, 1, 3, 2])), mask);
    const weights = e.softmax(scores, -1);
    const mixed = e.matmul(weights, values); // [B, H, T, headSize]
    const merged = e.reshape(e.permute(mixed, [0, 2, 1, 3]), [B * T, D]);
    return e.reshape(e.add(e.matmul(merged, block.projWeight), block.projBias), [B, T, D]);
  }

  private mlp(h: Tensor, block: Block): Tensor {
    const { engine: e } = this;
    const [B, T, D] = h.shape as [number, number, number];
    const inner = e.gelu(e.add(e.matmul(e.reshape(h, [B * T, D]), block.mlpInWeight), block.mlpInBias));
    return e.reshape(e.add(e.matmul(inner, block.mlpOutWeight), block.mlpOutBias), [B, T, D]);
  }

  private causalMask(length: number): Tensor {
    let mask = this.masks.get(length);
    if (!mask) {
      mask = this.engine.keep(this.engine.tensor(causalMaskValues(length), [length, length]));
      this.masks.set(length, mask);
    }
    return mask;
  }

  private assertLive(operation: string): void {
    if (this.disposed) throw new Error(`TinyTransformer.${operation}: this model was disposed (Reset makes a new one)`);
  }
}
