// Wrong: the greedy branch compares with >=, so on a tie it returns the last of the largest logits instead of the first.
export function sampleWithTemperature(logits: number[], temperature: number, u: number): number {
  if (temperature === 0) {
    let best = 0;
    for (let i = 1; i < logits.length; i++) if (logits[i]! >= logits[best]!) best = i;
    return best;
  }
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
