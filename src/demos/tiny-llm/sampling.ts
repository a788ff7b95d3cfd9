/**
 * Choosing the next token from the model's scores (logits).
 *
 * Temperature divides the logits before the softmax: below 1 it sharpens the
 * distribution towards the most likely token, above 1 it flattens it, and 0
 * means "always take the most likely one" (greedy, argmax). Top-k keeps only
 * the k highest-scoring tokens and renormalises among them, so one unlucky
 * draw cannot pick a token the model considers nearly impossible.
 */

export interface SamplingOptions {
  /** 0 = greedy (argmax); otherwise > 0. */
  readonly temperature: number;
  /** Keep the k most likely tokens; k >= vocabulary size (or 0) keeps all. */
  readonly topK: number;
}

/** Index of the largest logit (the first one on ties). */
export function argmax(logits: ArrayLike<number>): number {
  if (logits.length === 0) throw new Error('argmax: no logits (the vocabulary is empty)');
  let best = 0;
  for (let i = 1; i < logits.length; i++) if (logits[i]! > logits[best]!) best = i;
  return best;
}

/** Indices of the k largest logits, largest first (ties: lower index first). */
export function topKIndices(logits: ArrayLike<number>, k: number): number[] {
  const order = Array.from({ length: logits.length }, (_, i) => i);
  order.sort((a, b) => logits[b]! - logits[a]! || a - b);
  return order.slice(0, Math.max(1, Math.min(k, logits.length)));
}

/**
 * The probabilities the sampler would draw from: softmax(logits / T) over the
 * top k (zero elsewhere). At T = 0, all the probability is on the argmax.
 */
export function samplingDistribution(logits: ArrayLike<number>, options: SamplingOptions): Float64Array {
  const { temperature, topK } = options;
  if (!(temperature >= 0) || !Number.isFinite(temperature)) throw new Error(`sampling: temperature must be a number >= 0, got ${temperature}`);
  if (!Number.isInteger(topK) || topK < 0) throw new Error(`sampling: top-k must be a whole number >= 0 (0 = all), got ${topK}`);
  const probabilities = new Float64Array(logits.length);
  if (temperature === 0) {
    probabilities[argmax(logits)] = 1;
    return probabilities;
  }
  const kept = topKIndices(logits, topK === 0 ? logits.length : topK);
  const top = logits[kept[0]!]!; // subtracting the maximum keeps exp() finite
  let total = 0;
  for (const i of kept) {
    const weight = Math.exp((logits[i]! - top) / temperature);
    probabilities[i] = weight;
    total += weight;
  }
  for (const i of kept) probabilities[i]! /= total;
  return probabilities;
}

/**
 * Draw the next token id. `uniform` is a number in [0, 1) from the caller's
 * (seeded) generator, so sampling is reproducible and testable.
 */
export function sampleNext(logits: ArrayLike<number>, options: SamplingOptions, uniform: number): number {
  const probabilities = samplingDistribution(logits, options);
  let cumulative = 0;
  let last = 0;
  for (let i = 0; i < probabilities.length; i++) {
    const p = probabilities[i]!;
    if (p === 0) continue;
    last = i;
    cumulative += p;
    if (uniform < cumulative) return i;
  }
  // Rounding can leave the cumulative sum a hair below 1: the last kept token takes the remainder.
  return last;
}
