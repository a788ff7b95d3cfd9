/**
 * Picks the next token from a model's logits: greedy at temperature 0,
 * otherwise by inverse-CDF sampling from softmax(logits / temperature) with the
 * uniform random number u in [0, 1).
 */
export function sampleWithTemperature(logits: number[], temperature: number, u: number): number {
  if (temperature === 0) {
    // T → 0 puts all the probability on the largest logit, so the limit is the
    // argmax. Dividing by 0 instead would give ±Infinity (and NaN for a logit
    // of 0), which no softmax survives. Strict > keeps the first of equal logits.
    let best = 0;
    for (let i = 1; i < logits.length; i++) {
      if (logits[i]! > logits[best]!) best = i;
    }
    return best;
  }

  // Scale into a new array: the caller's logits may be reused (e.g. sampled
  // again at another temperature), so they must stay as they were.
  const scaled = logits.map((logit) => logit / temperature);
  // e^(z − m) / Σ e^(z − m) equals e^z / Σ e^z (the factor e^−m cancels), but
  // every exponent is now <= 0: the largest weight is exactly 1, nothing
  // overflows, and the sum is at least 1, so it can't underflow to 0 either.
  // A -Infinity logit stays -Infinity and gets weight e^−∞ = 0.
  let m = -Infinity;
  for (const z of scaled) if (z > m) m = z;
  const weights = scaled.map((z) => Math.exp(z - m));
  const total = weights.reduce((sum, w) => sum + w, 0);

  // Inverse CDF: token i owns [cumulative before i, cumulative after i), an
  // interval of width p_i, so a uniform u lands in it with probability p_i.
  // Strict > makes the intervals half-open: a token of probability 0 owns an
  // empty interval and can't be picked, even at u = 0.
  let cumulative = 0;
  for (let i = 0; i < weights.length; i++) {
    cumulative += weights[i]! / total;
    if (cumulative > u) return i;
  }
  // Rounding can leave the sum a hair below 1 (and u just under 1 above it):
  // u then belongs to the last token that has any probability at all.
  for (let i = weights.length - 1; i > 0; i--) {
    if (weights[i]! > 0) return i;
  }
  return 0;
}
