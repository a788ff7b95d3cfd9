// Wrong: never checks the stop token, so it keeps generating until maxNewTokens even after the text has ended.
export function greedyDecode(step: (tokens: number[]) => number[], prompt: number[], maxNewTokens: number, _stopToken: number): number[] {
  const sequence = prompt.slice();
  const generated: number[] = [];
  for (let i = 0; i < maxNewTokens; i++) {
    const next = argmax(step(sequence));
    sequence.push(next);
    generated.push(next);
  }
  return generated;
}

function argmax(values: number[]): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return best;
}
