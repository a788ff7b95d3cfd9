// Wrong: softmax without subtracting the largest scaled logit, so Math.exp overflows to Infinity for logits near 1000 (or 3 at T = 0.001) and underflows to 0 near −1000: Infinity / Infinity and 0 / 0 are NaN.
export function sampleWithTemperature(logits: number[], temperature: number, u: number): number {
  if (temperature === 0) {
    let best = 0;
    for (let i = 1; i < logits.length; i++) if (logits[i]! > logits[best]!) best = i;
    return best;
  }
  const weights = logits.map((logit) => Math.exp(logit / temperature));
  const total = weights.reduce((sum, w) => sum + w, 0);
  let cumulative = 0;
  for (let i = 0; i < weights.length; i++) {
    cumulative += weights[i]! / total;
    if (cumulative > u) return i;
  }
  return logits.length - 1;
}
