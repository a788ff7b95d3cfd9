// Wrong: passes only the last token to the model instead of the whole sequence, so the model predicts from one token of context.
export function greedyDecode(step: (tokens: number[]) => number[], prompt: number[], maxNewTokens: number, stopToken: number): number[] {
  const generated: number[] = [];
  let last = prompt[prompt.length - 1]!;
  for (let i = 0; i < maxNewTokens; i++) {
    const next = argmax(step([last]));
    generated.push(next);
    last = next;
    if (next === stopToken) break;
  }
  return generated;
}

function argmax(values: number[]): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return best;
}
