// Wrong: sorts the caller's logits in place and returns them sorted, so every value ends up at another token's position and the input is destroyed.
export function topKFilter(logits: number[], k: number): number[] {
  logits.sort((a, b) => b - a);
  for (let i = k; i < logits.length; i++) logits[i] = -Infinity;
  return logits;
}
