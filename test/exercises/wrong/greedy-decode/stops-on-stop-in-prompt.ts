// Wrong: stops when the stop token occurs anywhere in the sequence, so a stop token already in the prompt ends generation after one token.
export function greedyDecode(step: (tokens: number[]) => number[], prompt: number[], maxNewTokens: number, stopToken: number): number[] {
  const sequence = prompt.slice();
  const generated: number[] = [];
  for (let i = 0; i < maxNewTokens; i++) {
    const next = argmax(step(sequence));
    sequence.push(next);
    generated.push(next);
    if (sequence.includes(stopToken)) break;
  }
  return generated;
}

function argmax(values: number[]): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return best;
}
