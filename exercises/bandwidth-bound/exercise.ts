// Manifest of the "bandwidth-bound" exercise (schema: src/exercises/schema.ts).
import type { ExerciseManifestInput } from '../../src/exercises/schema';

export default {
  id: 'bandwidth-bound',
  title: 'Read the roofline',
  kind: 'ts',
  difficulty: 2,
  summary:
    'Given devices’ peak FLOP rate and memory bandwidth and kernels’ arithmetic intensity, compute the attainable FLOP rate by the roofline model and flag the bandwidth-bound cases.',
  exportName: 'roofline',
  hints: [
    'Memory can deliver `bandwidth` GB per second, and each byte feeds `intensity` FLOPs, so memory alone allows `bandwidth × intensity` GFLOP/s. The ALUs allow `peak`. The kernel gets the smaller of the two.',
    '`engine.minimum(a, b)` is the elementwise smaller value; `engine.less(a, b)` is 1 where a < b and 0 elsewhere, as a float32 tensor.',
    'Compute `memoryLimit = engine.mul(bandwidth, intensity)` once; then `attainable = engine.minimum(peak, memoryLimit)` and `bandwidthBound = engine.less(memoryLimit, peak)`.',
  ],
} satisfies ExerciseManifestInput;
