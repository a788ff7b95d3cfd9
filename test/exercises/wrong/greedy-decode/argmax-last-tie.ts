// Wrong: the argmax compares with >=, so on tied logits it picks the highest index instead of the lowest.
export function greedyDecode(step: (tokens: number[]) => number[], prompt: number[], maxNewTokens: number, stopToken: number): number[] {
  const sequence = prompt.slice();
  const generated: number[] = [];
  for (let i = 0; i < maxNewTokens; i++) {
    const logits = step(sequence);
    let best = 0;
    for (let t = 1; t < logits.length; t++) if (logits[t]! >= logits[best]!) best = t;
    sequence.push(best);
    generated.push(best);
    if (best === stopToken) break;
  }
  return generated;
}
