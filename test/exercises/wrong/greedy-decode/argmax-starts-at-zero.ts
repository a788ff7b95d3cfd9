// Wrong: the argmax starts from a best value of 0 at index 0, so when every logit is negative it returns token 0 instead of the largest logit.
export function greedyDecode(step: (tokens: number[]) => number[], prompt: number[], maxNewTokens: number, stopToken: number): number[] {
  const sequence = prompt.slice();
  const generated: number[] = [];
  for (let i = 0; i < maxNewTokens; i++) {
    const logits = step(sequence);
    let best = 0;
    let bestValue = 0;
    for (let t = 0; t < logits.length; t++) {
      if (logits[t]! > bestValue) {
        best = t;
        bestValue = logits[t]!;
      }
    }
    sequence.push(best);
    generated.push(best);
    if (best === stopToken) break;
  }
  return generated;
}
