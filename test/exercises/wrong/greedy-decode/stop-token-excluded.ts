// Wrong: checks for the stop token before appending it, so the stop token is left out of the result (the prompt says it is included).
export function greedyDecode(step: (tokens: number[]) => number[], prompt: number[], maxNewTokens: number, stopToken: number): number[] {
  const sequence = prompt.slice();
  const generated: number[] = [];
  for (let i = 0; i < maxNewTokens; i++) {
    const next = argmax(step(sequence));
    if (next === stopToken) break;
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
