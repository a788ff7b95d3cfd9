// Wrong: sorts ascending (a - b) and keeps the first k, which are the k smallest logits, the least likely tokens.
export function topKFilter(logits: number[], k: number): number[] {
  const order = logits.map((_, i) => i);
  order.sort((a, b) => (logits[a]! < logits[b]! ? -1 : logits[a]! > logits[b]! ? 1 : a - b));
  const kept = new Set(order.slice(0, k));
  return logits.map((logit, i) => (kept.has(i) ? logit : -Infinity));
}
