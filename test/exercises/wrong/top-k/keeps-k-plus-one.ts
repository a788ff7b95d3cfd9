// Wrong: off by one, keeps every logit at least as large as sorted[k] (the (k+1)-th largest), so k + 1 tokens survive.
export function topKFilter(logits: number[], k: number): number[] {
  const sorted = logits.slice().sort((a, b) => b - a);
  const threshold = k < sorted.length ? sorted[k]! : -Infinity;
  return logits.map((logit) => (logit >= threshold ? logit : -Infinity));
}
