// Wrong: sets the filtered logits to 0 instead of -Infinity, so they keep probability e^0 / Σ after the softmax (and 0 even outranks negative survivors).
export function topKFilter(logits: number[], k: number): number[] {
  const order = logits.map((_, i) => i);
  order.sort((a, b) => (logits[a]! > logits[b]! ? -1 : logits[a]! < logits[b]! ? 1 : a - b));
  const kept = new Set(order.slice(0, k));
  return logits.map((logit, i) => (kept.has(i) ? logit : 0));
}
