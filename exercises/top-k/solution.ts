/**
 * Top-k filtering: a copy of `logits` in which all but the k largest are set
 * to -Infinity (ties at the threshold keep the lower indices first).
 */
export function topKFilter(logits: number[], k: number): number[] {
  // Rank token indices rather than values: sorting the values would lose which
  // token each belonged to, and the result must keep every survivor in place.
  const order = logits.map((_, index) => index);
  // Largest logit first; equal logits in index order, so the tie rule picks the
  // lower indices. Comparisons, not logits[b] - logits[a]: that difference is
  // NaN for two -Infinity logits, and a comparator returning NaN breaks sort.
  order.sort((a, b) => (logits[a]! > logits[b]! ? -1 : logits[a]! < logits[b]! ? 1 : a - b));

  // -Infinity rather than 0 or a large negative number: e^(−∞) is exactly 0, so
  // a softmax gives these tokens no probability at all and renormalises the
  // survivors among themselves. A 0 could even outrank negative survivors.
  const filtered = new Array<number>(logits.length).fill(-Infinity);
  // slice(0, k) is the whole order when k >= V: then everything survives.
  for (const index of order.slice(0, k)) filtered[index] = logits[index]!;
  return filtered;
}
