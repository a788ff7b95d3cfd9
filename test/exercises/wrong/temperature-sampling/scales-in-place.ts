// Wrong: divides the caller's logits in place, so the model's output is changed behind the caller's back (sampling twice from the same logits would use T twice).
export function sampleWithTemperature(logits: number[], temperature: number, u: number): number {
  if (temperature === 0) {
    let best = 0;
    for (let i = 1; i < logits.length; i++) if (logits[i]! > logits[best]!) best = i;
    return best;
  }
  for (let i = 0; i < logits.length; i++) logits[i] = logits[i]! / temperature;
  let m = -Infinity;
  for (const z of logits) if (z > m) m = z;
  const weights = logits.map((z) => Math.exp(z - m));
  const total = weights.reduce((sum, w) => sum + w, 0);
  let cumulative = 0;
  for (let i = 0; i < weights.length; i++) {
    cumulative += weights[i]! / total;
    if (cumulative > u) return i;
  }
  for (let i = weights.length - 1; i > 0; i--) if (weights[i]! > 0) return i;
  return 0;
}
