// Manifest of the "prefix-sum-block" exercise (schema: src/exercises/schema.ts).
import type { ExerciseManifestInput } from '../../src/exercises/schema';

export default {
  id: 'prefix-sum-block',
  title: 'Running totals in eight steps: a block scan',
  kind: 'wgsl',
  difficulty: 4,
  summary: 'Compute the inclusive prefix sums of each block of 256 numbers with the Hillis–Steele scan: eight steps, each adding the value a fixed distance to the left, with two buffers in workgroup memory.',
  hints: [
    'Step with `offset` = 1, 2, 4, ..., 128. In each step, slot `lid` becomes its old value plus the old value of slot `lid - offset` (if `lid >= offset`). "Old" is the point: every read of a step must see the values from before that step.',
    'Keep two rows in `buf`: read row `src`, write row `1 - src`, then `workgroupBarrier()` and swap. A step never writes the row it reads, and the barrier makes its writes visible before the next step reads them.',
    '`var src = 0u; for (var offset = 1u; offset < 256u; offset *= 2u) { var v = buf[src][lid]; if (lid >= offset) { v += buf[src][lid - offset]; } buf[1u - src][lid] = v; workgroupBarrier(); src = 1u - src; }`, then write `buf[src][lid]`.',
  ],
  kernel: {
    entryPoint: 'main',
    workgroupSize: [256, 1, 1],
    params: ['n'],
    bindings: [
      { binding: 0, name: 'input', access: 'read', type: 'f32', length: 'n' },
      // One slot per invocation: writes past n land in padding the grader checks.
      { binding: 1, name: 'output', access: 'read_write', type: 'f32', length: 'ceil(n / 256) * 256' },
    ],
    dispatch: ['ceil(n / 256)', '1', '1'],
  },
} satisfies ExerciseManifestInput;
