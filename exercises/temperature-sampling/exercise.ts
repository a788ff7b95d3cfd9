// Manifest of the "temperature-sampling" exercise (schema: src/exercises/schema.ts).
import type { ExerciseManifestInput } from '../../src/exercises/schema';

export default {
  id: 'temperature-sampling',
  title: 'Sample the next token at a temperature',
  kind: 'ts',
  difficulty: 2,
  summary:
    'Turn a model’s logits into probabilities at temperature T, without overflow, and pick one token with a single uniform random number by walking the cumulative distribution.',
  exportName: 'sampleWithTemperature',
  hints: [
    'Handle T = 0 first and never divide by it: return the index of the largest logit, keeping the first one on ties (update the best only when a logit is strictly greater).',
    'For T > 0, scale into a new array, z[i] = logits[i] / T, and find m, the largest z. Then w[i] = Math.exp(z[i] − m) never overflows (the largest w is exactly 1) and w[i] / Σw is still softmax(z).',
    'Walk the tokens in order, adding p[i] = w[i] / total to a running sum, and return the first i where the running sum is strictly greater than u. With > rather than >=, a token of probability 0 is never picked, even when u = 0.',
    'Rounding can leave the final running sum a hair below 1. If the loop ends without returning, return the last index whose w[i] is greater than 0.',
  ],
} satisfies ExerciseManifestInput;
