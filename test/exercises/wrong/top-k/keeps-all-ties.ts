// Wrong: keeps every logit >= the k-th largest value, so ties at the threshold let more than k tokens survive.
export function topKFilter(logits: number[], k: number): number[] {
  const sorted = logits.slice().sort((a, b) => b - a);
  const threshold = sorted[Math.min(k, sorted.length) - 1]!;
  return logits.map((logit) => (logit >= threshold ? logit : -Infinity));
}
