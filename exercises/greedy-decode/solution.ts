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
  // Our own copy of the sequence: the caller's prompt must not grow under them.
  const sequence = prompt.slice();
  const generated: number[] = [];
  // One model call per new token: token i + 1 depends on token i, which only
  // exists once this call has returned, so the calls can't overlap. That chain
  // is why generation is sequential even though training is not.
  for (let i = 0; i < maxNewTokens; i++) {
    // The model sees the whole sequence: its prediction depends on all of it,
    // not only on the last token.
    const next = argmax(step(sequence));
    sequence.push(next);
    generated.push(next);
    // Checked after appending, so the stop token is part of the result, and
    // before the next call, so no call is wasted once the text has ended.
    if (next === stopToken) break;
  }
  return generated;
}

/** Index of the largest value; the lowest index on ties. */
function argmax(values: number[]): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) {
    // Strict >: a later equal value doesn't replace the earlier one. Starting
    // from values[0], not from 0, keeps all-negative logits right.
    if (values[i]! > values[best]!) best = i;
  }
  return best;
}
