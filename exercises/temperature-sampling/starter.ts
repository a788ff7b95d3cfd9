/**
 * Picks the next token from a model's logits: greedy at temperature 0,
 * otherwise by inverse-CDF sampling from softmax(logits / temperature) with the
 * uniform random number u in [0, 1).
 */
export function sampleWithTemperature(logits: number[], temperature: number, u: number): number {
  // Greedy: the first index holding the largest logit.
  let best = 0;
  for (let i = 1; i < logits.length; i++) {
    if (logits[i]! > logits[best]!) best = i;
  }
  if (temperature === 0) return best;

  // TODO: for temperature > 0, compute the probabilities softmax(logits / temperature)
  // without overflow (subtract the largest scaled logit before Math.exp), then return
  // the first index whose cumulative probability is greater than u.
  return best;
}
