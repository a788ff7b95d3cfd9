/**
 * Training batches for next-token prediction.
 *
 * A batch is B windows of context+1 consecutive tokens cut from the text at
 * random offsets (drawn from a seeded generator, so a run can be replayed):
 * the first `context` tokens are the model's input, and the same window
 * shifted by one is the target, so every position learns to predict the
 * token after it. The held-out tail of the text gives a validation batch at
 * fixed, evenly spaced offsets, so its loss is comparable from step to step.
 */
import { Random } from '../../engine';

export interface TokenBatch {
  /** int32 [batch * context], row-major [batch, context]. */
  readonly inputs: Int32Array;
  /** inputs shifted by one token: targets[b, t] is the token after inputs[b, t]. */
  readonly targets: Int32Array;
  readonly batch: number;
  readonly context: number;
}

export interface TokenSplit {
  readonly train: Int32Array;
  readonly validation: Int32Array;
}

/** The first (1 − fraction) of the tokens for training, the rest held out. */
export function splitTokens(tokens: Int32Array, validationFraction: number): TokenSplit {
  if (!(validationFraction >= 0 && validationFraction < 1)) {
    throw new Error(`splitTokens: validationFraction must be in [0, 1), got ${validationFraction}`);
  }
  const cut = Math.round(tokens.length * (1 - validationFraction));
  return { train: tokens.subarray(0, cut), validation: tokens.subarray(cut) };
}

function checkWindow(operation: string, tokens: Int32Array, context: number, batch: number): void {
  if (!Number.isInteger(context) || context < 1) throw new Error(`${operation}: context must be a whole number >= 1, got ${context}`);
  if (!Number.isInteger(batch) || batch < 1) throw new Error(`${operation}: batch must be a whole number >= 1, got ${batch}`);
  if (tokens.length < context + 1) {
    throw new Error(`${operation}: a window needs context + 1 = ${context + 1} tokens but the text has ${tokens.length} (use a longer text or a shorter context)`);
  }
}

function gather(tokens: Int32Array, offsets: readonly number[], context: number): TokenBatch {
  const inputs = new Int32Array(offsets.length * context);
  const targets = new Int32Array(offsets.length * context);
  offsets.forEach((start, b) => {
    inputs.set(tokens.subarray(start, start + context), b * context);
    targets.set(tokens.subarray(start + 1, start + context + 1), b * context);
  });
  return { inputs, targets, batch: offsets.length, context };
}

/** Random windows of the training tokens, reproducible from the seed. */
export class BatchSampler {
  private readonly random: Random;

  constructor(
    private readonly tokens: Int32Array,
    readonly batch: number,
    readonly context: number,
    seed: number,
  ) {
    checkWindow('BatchSampler', tokens, context, batch);
    this.random = new Random(seed);
  }

  /** Window starts drawn uniformly from every offset that leaves room for context + 1 tokens. */
  next(): TokenBatch {
    const starts = this.tokens.length - this.context; // offsets 0 .. length - context - 1
    const offsets = Array.from({ length: this.batch }, () => Math.floor(this.random.uniform() * starts));
    return gather(this.tokens, offsets, this.context);
  }
}

/** `batch` windows at evenly spaced offsets: the same batch every time (for validation). */
export function evenlySpacedBatch(tokens: Int32Array, batch: number, context: number): TokenBatch {
  checkWindow('evenlySpacedBatch', tokens, context, batch);
  const lastStart = tokens.length - context - 1;
  const offsets = Array.from({ length: batch }, (_, b) => (batch === 1 ? 0 : Math.round((b * lastStart) / (batch - 1))));
  return gather(tokens, offsets, context);
}
