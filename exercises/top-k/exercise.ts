// Manifest of the "top-k" exercise (schema: src/exercises/schema.ts).
import type { ExerciseManifestInput } from '../../src/exercises/schema';

export default {
  id: 'top-k',
  title: 'Top-k: keep only the k most likely tokens',
  kind: 'ts',
  difficulty: 2,
  summary:
    'Return a copy of the logits in which everything but the k largest is set to −Infinity, so that a softmax gives those tokens probability 0 and renormalises the rest.',
  exportName: 'topKFilter',
  hints: [
    'Rank the token indices, not the logits: sorting the values themselves loses which token each one belonged to. Make an array of indices 0 … V − 1 and sort that.',
    'Sort the indices by logit, largest first, and on equal logits by index, smallest first. The first k indices of that order are the tokens to keep; every other element of a fresh copy becomes -Infinity.',
    'Write the comparator with comparisons, not subtraction: logits[b] − logits[a] is NaN when both are -Infinity, and a comparator that returns NaN leaves the order undefined. For example: (a, b) => (logits[a] > logits[b] ? -1 : logits[a] < logits[b] ? 1 : a − b).',
    'Copy with logits.slice() or Array.from(logits), and don’t sort the logits array itself: the caller still needs it in token order.',
  ],
} satisfies ExerciseManifestInput;
