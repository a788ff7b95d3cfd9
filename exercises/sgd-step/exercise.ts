// Manifest of the "sgd-step" exercise (schema: src/exercises/schema.ts).
import type { ExerciseManifestInput } from '../../src/exercises/schema';

export default {
  id: 'sgd-step',
  title: 'One step of gradient descent',
  kind: 'ts',
  difficulty: 2,
  summary: 'Move every parameter a small step against its gradient, w ← w − lr · grad, updating the tensors in place as an optimizer does.',
  exportName: 'sgdStep',
  hints: [
    'For each parameter `p` with a gradient: compute the new value `p − lr · p.grad` with engine operations, then write it into `p` with `p.assign(newValue)`.',
    'Skip parameters whose `p.grad` is `null`. Wrap the loop in `engine.tidy(() => engine.noGrad(() => { ... }))` so the update is not recorded by autograd and its temporaries are freed.',
    'Inside the loop: `if (p.grad) p.assign(p.sub(p.grad.mul(lr)));`',
  ],
} satisfies ExerciseManifestInput;
