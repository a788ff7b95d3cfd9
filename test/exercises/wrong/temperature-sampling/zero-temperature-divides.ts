// Wrong: no special case for T = 0, so logits / 0 gives ±Infinity (and NaN for a logit of 0), the softmax is all NaN and the greedy answer is lost.
export function sampleWithTemperature(logits: number[], temperature: number, u: number): number {
  const scaled = logits.map((logit) => logit / temperature);
  let m = -Infinity;
  for (const z of scaled) if (z > m) m = z;
  const weights = scaled.map((z) => Math.exp(z - m));
  const total = weights.reduce((sum, w) => sum + w, 0);
  let cumulative = 0;
  for (let i = 0; i < weights.length; i++) {
    cumulative += weights[i]! / total;
    if (cumulative > u) return i;
  }
  for (let i = weights.length - 1; i > 0; i--) if (weights[i]! > 0) return i;
  return 0;
}
