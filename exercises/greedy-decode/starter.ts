/**
 * Greedy generation: repeatedly runs the model (`step`) on the whole sequence,
 * appends the most likely next token, and stops after `maxNewTokens` tokens or
 * right after generating `stopToken` (which is included). Returns only the
 * generated tokens.
 */
export function greedyDecode(
  step: (tokens: number[]) => number[],
  prompt: number[],
  maxNewTokens: number,
  stopToken: number,
): number[] {
  const generated: number[] = [];
  // TODO: loop at most maxNewTokens times: call step with the prompt followed by
  // every token generated so far, append argmax of its logits to `generated`,
  // and stop right after appending stopToken. Leave `prompt` unchanged.
  return generated;
}

/** Index of the largest value; the lowest index on ties. */
function argmax(values: number[]): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) {
    if (values[i]! > values[best]!) best = i;
  }
  return best;
}
