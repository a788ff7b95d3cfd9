// Wrong: calls the model on the prompt every time and never appends the new tokens to its input, so every step predicts the same next token.
export function greedyDecode(step: (tokens: number[]) => number[], prompt: number[], maxNewTokens: number, stopToken: number): number[] {
  const generated: number[] = [];
  for (let i = 0; i < maxNewTokens; i++) {
    const next = argmax(step(prompt));
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
