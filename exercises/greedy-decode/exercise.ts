// Manifest of the "greedy-decode" exercise (schema: src/exercises/schema.ts).
import type { ExerciseManifestInput } from '../../src/exercises/schema';

export default {
  id: 'greedy-decode',
  title: 'The generation loop, greedy',
  kind: 'ts',
  difficulty: 3,
  summary:
    'Generate text the way an LLM does: run the model on the whole sequence so far, append its most likely next token, and repeat until a stop token or a length limit.',
  exportName: 'greedyDecode',
  hints: [
    'Keep the sequence in a new array that starts as a copy of the prompt (prompt.slice()), and the new tokens in a second array. Pushing onto `prompt` itself would change the caller’s array.',
    'Each turn of the loop: logits = step(sequence) with the whole sequence, not just its last token; next = argmax(logits); push next onto both arrays.',
    'Check the stop token after pushing it, so that it is included, and then leave the loop at once: another call to step would be wasted work, and the grader counts the calls.',
    'Loop at most maxNewTokens times (for (let i = 0; i < maxNewTokens; i++)), so maxNewTokens = 0 returns [] without calling step at all.',
  ],
} satisfies ExerciseManifestInput;
