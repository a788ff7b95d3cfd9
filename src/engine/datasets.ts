/**
 * Small seeded data sets for lessons and tests, generated on the host as plain
 * typed arrays (make tensors with `engine.tensor(points, [count, 2])`).
 */
import { Random } from './random';

export interface PointDataset {
  /** Row-major [count, 2] coordinates. */
  readonly points: Float32Array;
  /** int32 [count] class of each point, 0..classes-1. */
  readonly labels: Int32Array;
  readonly count: number;
  readonly classes: number;
}

export interface SpiralOptions {
  /** Points per arm (default 100). */
  pointsPerClass?: number;
  /** Number of arms, one class each (default 2). */
  classes?: number;
  /** How many full turns each arm makes (default 1). */
  turns?: number;
  /** Standard deviation of the angular noise, in radians (default 0.2). */
  noise?: number;
  seed?: number;
}

/**
 * Interleaved spiral arms in the unit disc: arm j at radius r has angle
 * 2*pi*(j/classes + turns*r) + noise. Not linearly separable, so a model
 * needs a hidden layer to fit it.
 */
export function spirals(options: SpiralOptions = {}): PointDataset {
  const { pointsPerClass = 100, classes = 2, turns = 1, noise = 0.2, seed = 0 } = options;
  const random = new Random(seed);
  const count = pointsPerClass * classes;
  const points = new Float32Array(count * 2);
  const labels = new Int32Array(count);
  for (let c = 0; c < classes; c++) {
    for (let i = 0; i < pointsPerClass; i++) {
      const index = c * pointsPerClass + i;
      // Start slightly off the centre, where the arms would otherwise overlap.
      const radius = 0.05 + (0.95 * i) / Math.max(1, pointsPerClass - 1);
      const angle = 2 * Math.PI * (c / classes + turns * radius) + noise * random.normal();
      points[2 * index] = radius * Math.cos(angle);
      points[2 * index + 1] = radius * Math.sin(angle);
      labels[index] = c;
    }
  }
  return { points, labels, count, classes };
}
