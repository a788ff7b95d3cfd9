/**
 * Top-k filtering: a copy of `logits` in which all but the k largest are set
 * to -Infinity (ties at the threshold keep the lower indices first).
 */
export function topKFilter(logits: number[], k: number): number[] {
  const filtered = logits.slice(); // a new array: the caller's logits stay in token order
  // TODO: find the indices of the k largest logits (equal logits: lower index first)
  // and set every other element of `filtered` to -Infinity.
  return filtered;
}
