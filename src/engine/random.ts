/**
 * Seeded pseudo-random numbers, generated on the host.
 *
 * Why on the host: `rand`, `randn` and `dropout` upload what this module
 * produces, so the same seed gives bit-identical tensors on the CPU and the
 * WebGPU backend, and a learner's run can be replayed exactly by the grader.
 *
 * Generator: xoshiro128** (32-bit state words, fast with Math.imul), seeded by
 * running SplitMix32 over the seed so that nearby seeds (1, 2, 3...) still give
 * unrelated streams.
 */

const TWO_POW_24 = 16777216;
const TWO_POW_32 = 4294967296;

function rotateLeft(x: number, bits: number): number {
  return (x << bits) | (x >>> (32 - bits));
}

export class Random {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  /** Box-Muller makes normals in pairs; the second one waits here. */
  private spareNormal: number | null = null;

  constructor(seed: number) {
    if (!Number.isFinite(seed)) throw new RangeError(`Random: seed must be a finite number, got ${seed}`);
    let state = Math.trunc(seed) | 0;
    const splitMix32 = (): number => {
      state = (state + 0x9e3779b9) | 0;
      let z = state;
      z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
      z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
      return (z ^ (z >>> 15)) >>> 0;
    };
    this.s0 = splitMix32();
    this.s1 = splitMix32();
    this.s2 = splitMix32();
    this.s3 = splitMix32();
  }

  /** Uniform integer in [0, 2^32). */
  nextUint32(): number {
    const result = Math.imul(rotateLeft(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotateLeft(this.s3, 11);
    return result;
  }

  /**
   * Uniform in [0, 1) with 24 random bits: every value is exactly a float32,
   * so converting to float32 can never round up to 1.
   */
  uniform(): number {
    return (this.nextUint32() >>> 8) / TWO_POW_24;
  }

  /** Standard normal by the Box-Muller transform (computed in float64). */
  normal(): number {
    if (this.spareNormal !== null) {
      const spare = this.spareNormal;
      this.spareNormal = null;
      return spare;
    }
    // u1 in (0, 1] keeps log(u1) finite.
    const u1 = (this.nextUint32() + 1) / TWO_POW_32;
    const u2 = this.nextUint32() / TWO_POW_32;
    const radius = Math.sqrt(-2 * Math.log(u1));
    const angle = 2 * Math.PI * u2;
    this.spareNormal = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  }
}

/** `count` uniform values in [low, high) as float32. */
export function uniformArray(count: number, seed: number, low = 0, high = 1): Float32Array {
  const random = new Random(seed);
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) out[i] = low + (high - low) * random.uniform();
  return out;
}

/** `count` normal values with the given mean and standard deviation as float32. */
export function normalArray(count: number, seed: number, mean = 0, std = 1): Float32Array {
  const random = new Random(seed);
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) out[i] = mean + std * random.normal();
  return out;
}
