// Wrong: breaks ties toward the higher index (b - a), so on a tie at the threshold it keeps the later tokens instead of the earlier ones.
export function topKFilter(logits: number[], k: number): number[] {
  const order = logits.map((_, i) => i);
  order.sort((a, b) => (logits[a]! > logits[b]! ? -1 : logits[a]! < logits[b]! ? 1 : b - a));
  const kept = new Set(order.slice(0, k));
  return logits.map((logit, i) => (kept.has(i) ? logit : -Infinity));
}
