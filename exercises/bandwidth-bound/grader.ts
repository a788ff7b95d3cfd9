// Grader for "bandwidth-bound": the lesson's devices and kernels, kernels
// exactly at the ridge point (where the strict < decides), just off it, a
// single case, and a large random set with exact ridges mixed in.
import { Tensor } from '../../src/engine/index';
import { compareArrays, formatNumber } from '../../src/grader/compare';
import { defineTsGrader, type Tolerance } from '../../src/grader/define';
import type { Rng } from '../../src/grader/random';

type Learner = (engine: unknown, peak: Tensor, bandwidth: Tensor, intensity: Tensor) => unknown;

interface Cases {
  peak: number[];
  bandwidth: number[];
  intensity: number[];
  shape: number[];
}

/** FP32 peak (GFLOP/s) and memory bandwidth (GB/s) of the devices in the lesson's table (FACTS.md). */
const DEVICES: readonly (readonly [number, number])[] = [
  [1581, 192.4], // GTX 580
  [15700, 900], // V100 SXM2
  [19500, 1555], // A100 40 GB
  [67000, 3350], // H100 SXM5
  [2600, 68], // Apple M1 GPU
  [2000, 68], // Intel Iris Xe 96 EU (upper end of its shared bandwidth)
  [2500, 83], // Ryzen 9 7950X
];
/** Vector add (1/12), naive matmul (1/4), ideal 4096 × 4096 matmul (4096/6). */
const KERNELS = [1 / 12, 0.25, 4096 / 6];

/**
 * Kernels exactly at a ridge: intensity and bandwidth with few significant
 * bits, so bandwidth × intensity is exact in f32 and equals the peak exactly.
 */
const RIDGES: readonly (readonly [number, number])[] = [
  [1555, 12.5], // peak 19,437.5
  [192.5, 8], // peak 1,540
  [3350, 20], // peak 67,000
  [68, 38.25], // peak 2,601
  [1, 1],
  [900, 17.5], // peak 15,750
];

function deviceCases(): Cases {
  const c: Cases = { peak: [], bandwidth: [], intensity: [], shape: [DEVICES.length * KERNELS.length] };
  for (const [peak, bandwidth] of DEVICES) {
    for (const intensity of KERNELS) {
      c.peak.push(peak);
      c.bandwidth.push(bandwidth);
      c.intensity.push(intensity);
    }
  }
  return c;
}

/** At the ridge, and 2% below and above it (well clear of rounding). */
function ridgeCases(offsets: readonly number[]): Cases {
  const c: Cases = { peak: [], bandwidth: [], intensity: [], shape: [RIDGES.length * offsets.length] };
  for (const [bandwidth, ridge] of RIDGES) {
    for (const factor of offsets) {
      c.peak.push(bandwidth * ridge);
      c.bandwidth.push(bandwidth);
      c.intensity.push(ridge * factor);
    }
  }
  return c;
}

/** A float in [1, 10) times a power of ten from 10^lo to 10^hi (exact powers, no Math.pow). */
function spread(rng: Rng, lo: number, hi: number): number {
  let scale = 1;
  const exponent = rng.int(lo, hi);
  for (let i = 0; i < Math.abs(exponent); i++) scale *= 10;
  return rng.uniform(1, 10) * (exponent < 0 ? 1 / scale : scale);
}

function randomCases(rng: Rng, rows: number, cols: number): Cases {
  const c: Cases = { peak: [], bandwidth: [], intensity: [], shape: [rows, cols] };
  for (let i = 0; i < rows * cols; i++) {
    if (i % 10 === 0) {
      // An exact ridge: integer bandwidth, intensity a multiple of 1/4, product below 2^24.
      const bandwidth = rng.int(1, 4000);
      const intensity = rng.int(1, 256) / 4;
      c.peak.push(bandwidth * intensity);
      c.bandwidth.push(bandwidth);
      c.intensity.push(intensity);
      continue;
    }
    const peak = Math.fround(spread(rng, 2, 4));
    const bandwidth = Math.fround(spread(rng, 1, 3));
    let intensity = Math.fround(spread(rng, -2, 3));
    // Keep clear of the ridge by 0.1%, where f32 rounding of the product could flip the flag.
    while (Math.abs((bandwidth * intensity) / peak - 1) < 1e-3) intensity = Math.fround(spread(rng, -2, 3));
    c.peak.push(peak);
    c.bandwidth.push(bandwidth);
    c.intensity.push(intensity);
  }
  return c;
}

// min() only selects, and the product of two f32 values is one correctly
// rounded multiply (relative error <= 6e-8); 1e-5 leaves room for a learner
// who reaches the same number by a slightly longer route. Every wrong answer
// below is off by far more. The flag is 0 or 1 and must match exactly.
const ATTAINABLE_TOLERANCE: Tolerance = { atol: 0, rtol: 1e-5 };
const FLAG_TOLERANCE: Tolerance = { atol: 0, rtol: 0 };

export default defineTsGrader({
  cases: [
    { name: 'lesson devices × vector add, naive and ideal matmul', params: { kind: 0 } },
    { name: 'kernels exactly at the ridge point', params: { kind: 1 } },
    { name: '2% below and 2% above the ridge point', params: { kind: 2 } },
    { name: 'a single case (A100, vector add)', params: { kind: 3 } },
    { name: '5,000 random cases, shape [50, 100]', params: { kind: 4 }, hidden: true },
  ],
  async run({ learner, engine, params, rng }) {
    const cases =
      params.kind === 0
        ? deviceCases()
        : params.kind === 1
          ? ridgeCases([1])
          : params.kind === 2
            ? ridgeCases([0.98, 1.02])
            : params.kind === 3
              ? { peak: [19500], bandwidth: [1555], intensity: [1 / 12], shape: [1] }
              : randomCases(rng, 50, 100);
    const peak = Float32Array.from(cases.peak);
    const bandwidth = Float32Array.from(cases.bandwidth);
    const intensity = Float32Array.from(cases.intensity);
    const result = await (learner as unknown as Learner)(
      engine,
      engine.tensor(peak, cases.shape),
      engine.tensor(bandwidth, cases.shape),
      engine.tensor(intensity, cases.shape),
    );
    if (result === null || typeof result !== 'object' || result instanceof Tensor) {
      return { passed: false, explanation: 'return an object { attainable, bandwidthBound } of two tensors' };
    }
    // The reference works in float64 on the f32 inputs; the product of two
    // 24-bit significands fits in 53 bits, so it is exact here.
    const memoryLimit = Array.from(peak, (_, i) => bandwidth[i]! * intensity[i]!);
    const expected = {
      attainable: memoryLimit.map((m, i) => Math.min(peak[i]!, m)),
      bandwidthBound: memoryLimit.map((m, i) => (m < peak[i]! ? 1 : 0)),
    };
    const tolerances = { attainable: ATTAINABLE_TOLERANCE, bandwidthBound: FLAG_TOLERANCE };
    let largest = 0;
    for (const key of ['attainable', 'bandwidthBound'] as const) {
      const value = (result as Record<string, unknown>)[key];
      if (!(value instanceof Tensor)) {
        return { passed: false, explanation: `${key} must be a Tensor; it is ${value === undefined ? 'missing' : typeof value}` };
      }
      if (value.shape.join(',') !== cases.shape.join(',')) {
        return { passed: false, explanation: `${key} must have the inputs' shape [${cases.shape.join(', ')}]; it has [${value.shape.join(', ')}]` };
      }
      const comparison = compareArrays(expected[key], await value.data(), { shape: cases.shape, ...tolerances[key] });
      if (!comparison.pass) {
        const i = comparison.worst!.flatIndex;
        const where = `peak ${formatNumber(peak[i]!)}, bandwidth ${formatNumber(bandwidth[i]!)}, intensity ${formatNumber(intensity[i]!)}`;
        return { passed: false, explanation: `${key} (${where}): ${comparison.message}` };
      }
      largest = Math.max(largest, comparison.maxRelError);
    }
    return { passed: true, explanation: `attainable and bandwidthBound match (largest relative error ${largest.toExponential(2)})` };
  },
});
