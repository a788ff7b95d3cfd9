// Manifest of the "balanced-chunks" exercise (schema: src/exercises/schema.ts).
import type { ExerciseManifestInput } from '../../src/exercises/schema';

export default {
  id: 'balanced-chunks',
  title: 'Split n items fairly among workers',
  kind: 'ts',
  difficulty: 1,
  summary: 'Cut the items 0 … n − 1 into one contiguous chunk per worker, in order, with chunk sizes that differ by at most one.',
  exportName: 'balancedChunks',
  hints: [
    'Every worker gets q = Math.floor(n / workers) items, and r = n % workers items are left over. Give one of the leftovers to each of the first r workers.',
    'Keep a running start: chunk i is [start, start + size) with size q + 1 for i < r and q otherwise, and the next chunk starts where this one ends.',
    'Or in closed form: chunk i starts at i · q + Math.min(i, r) and ends where chunk i + 1 starts.',
  ],
} satisfies ExerciseManifestInput;
