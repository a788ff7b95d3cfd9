// Wrong: appends to the caller's prompt array (const sequence = prompt is not a copy), so the prompt grows behind the caller's back.
export function greedyDecode(step: (tokens: number[]) => number[], prompt: number[], maxNewTokens: number, stopToken: number): number[] {
  const sequence = prompt;
  const generated: number[] = [];
  for (let i = 0; i < maxNewTokens; i++) {
    const next = argmax(step(sequence));
    sequence.push(next);
    generated.push(next);
    if (next === stopToken) break;
  }
  return generated;
}

function argmax(values: number[]): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return best;
}
