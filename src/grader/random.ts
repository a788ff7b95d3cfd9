/**
 * Seeded random numbers for grading: the inputs of a random test case are a
 * pure function of its seed, so a failing case can be replayed exactly, on any
 * machine and in any browser.
 *
 * Generator: sfc32 (Chris Doty-Humphrey's "small fast counting" generator from
 * PractRand; 128 bits of state, passes PractRand and BigCrush), seeded by
 * SplitMix32 (a Weyl sequence through MurmurHash3's 32-bit finaliser) so that
 * nearby seeds (1, 2, 3...) give unrelated streams.
 *
 * Platform independence: every step uses only 32-bit integer operations
 * (`Math.imul`, shifts, `| 0`) and IEEE-754 basic arithmetic (+ − × ÷ and
 * `Math.sqrt`, all correctly rounded by the spec). `Math.log`, `Math.cos` and
 * friends are "implementation-approximated" in ECMAScript and may differ in the
 * last bit between engines, so the normal sampler uses its own logarithm
 * ({@link deterministicLog}) built from basic operations only.
 */

const TWO_POW_32 = 4294967296;

/** FNV-1a over UTF-16 code units: turns a label ("case-3", "hidden") into a 32-bit seed. */
export function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Mixes a seed with a label: per-case streams from one run seed, e.g. `deriveSeed(runSeed, 'case-2')`. */
export function deriveSeed(seed: number | string, label: string): number {
  return splitMix32(normaliseSeed(seed) ^ hashString(label))();
}

function normaliseSeed(seed: number | string): number {
  if (typeof seed === 'string') return hashString(seed);
  if (!Number.isFinite(seed)) {
    throw new RangeError(`createRng(seed): the seed must be a finite number or a string, got ${seed}`);
  }
  // Keep the low 32 bits of the integer part, so 1, 1.0 and 2**32 + 1 agree.
  return Math.trunc(seed) % TWO_POW_32 >>> 0;
}

function splitMix32(seed: number): () => number {
  let state = seed | 0;
  return () => {
    state = (state + 0x9e3779b9) | 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

const LN2 = 0.6931471805599453;

/**
 * Natural logarithm from basic IEEE operations only, so it gives the same bits
 * everywhere (unlike `Math.log`). Accurate to a few ulp for positive finite x,
 * which is ample for sampling.
 */
export function deterministicLog(x: number): number {
  if (!(x > 0) || x === Infinity) {
    throw new RangeError(`deterministicLog(x): x must be positive and finite, got ${x}`);
  }
  // Reduce to x = m · 2^e with m in [1/√2, √2): multiplying by powers of two is exact.
  let exponent = 0;
  let m = x;
  while (m >= 2) {
    m /= 2;
    exponent++;
  }
  while (m < 1) {
    m *= 2;
    exponent--;
  }
  if (m > Math.SQRT2) {
    m /= 2;
    exponent++;
  }
  // ln m = 2·atanh(s) with s = (m−1)/(m+1), |s| <= 0.172: the odd series
  // s + s³/3 + s⁵/5 + ... reaches double precision within 12 terms.
  const s = (m - 1) / (m + 1);
  const s2 = s * s;
  let term = s;
  let sum = 0;
  for (let k = 1; k <= 25; k += 2) {
    sum += term / k;
    term *= s2;
  }
  return 2 * sum + exponent * LN2;
}

/** A seeded stream of random numbers; see the module comment for the algorithm. */
export interface Rng {
  /** The 32-bit seed this stream started from (strings are hashed with {@link hashString}). */
  readonly seed: number;
  /** The next raw 32-bit output, an integer in [0, 2^32). */
  nextU32(): number;
  /** A float in [0, 1) with 32 random bits. */
  float(): number;
  /** A float in [lo, hi). */
  uniform(lo: number, hi: number): number;
  /** An integer in [lo, hi], both ends included, without modulo bias. */
  int(lo: number, hi: number): number;
  /** A normal sample (Marsaglia's polar method). */
  normal(mean?: number, std?: number): number;
  /** `length` uniform floats in [lo, hi), rounded to f32 as a GPU buffer will hold them. */
  float32Array(length: number, lo: number, hi: number): Float32Array<ArrayBuffer>;
  /** `length` normal samples rounded to f32. */
  normalFloat32Array(length: number, mean?: number, std?: number): Float32Array<ArrayBuffer>;
  /** `length` integers in [lo, hi] (within the i32 range). */
  int32Array(length: number, lo: number, hi: number): Int32Array<ArrayBuffer>;
  /** `length` integers in [lo, hi] (within the u32 range). */
  uint32Array(length: number, lo: number, hi: number): Uint32Array<ArrayBuffer>;
  /** An independent stream for a sub-task, determined by this stream's seed and the label. */
  fork(label: string): Rng;
}

/** Creates a seeded generator. Same seed → same sequence, on every platform. */
export function createRng(seed: number | string): Rng {
  const seed32 = normaliseSeed(seed);
  const init = splitMix32(seed32);
  let a = init();
  let b = init();
  let c = init();
  let d = init();

  const nextU32 = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  // The first outputs still carry structure from the seeding; the reference code discards them.
  for (let i = 0; i < 12; i++) nextU32();

  let spareNormal: number | undefined;

  const float = (): number => nextU32() / TWO_POW_32;

  const uniform = (lo: number, hi: number): number => {
    if (!Number.isFinite(lo) || !Number.isFinite(hi) || hi < lo) {
      throw new RangeError(`rng.uniform(lo, hi): need finite lo <= hi, got lo=${lo}, hi=${hi}`);
    }
    return lo + (hi - lo) * float();
  };

  const int = (lo: number, hi: number): number => {
    if (!Number.isSafeInteger(lo) || !Number.isSafeInteger(hi) || hi < lo || hi - lo >= TWO_POW_32) {
      throw new RangeError(
        `rng.int(lo, hi): need integers lo <= hi with hi - lo < 2^32, got lo=${lo}, hi=${hi}`,
      );
    }
    const range = hi - lo + 1;
    if (range === TWO_POW_32) return lo + nextU32();
    // Reject the top sliver of outputs that would make `r % range` favour small values.
    const limit = TWO_POW_32 - (TWO_POW_32 % range);
    for (;;) {
      const r = nextU32();
      if (r < limit) return lo + (r % range);
    }
  };

  const normal = (mean = 0, std = 1): number => {
    if (spareNormal !== undefined) {
      const z = spareNormal;
      spareNormal = undefined;
      return mean + std * z;
    }
    for (;;) {
      const u = 2 * float() - 1;
      const v = 2 * float() - 1;
      const s = u * u + v * v;
      if (s > 0 && s < 1) {
        const factor = Math.sqrt((-2 * deterministicLog(s)) / s);
        spareNormal = v * factor;
        return mean + std * u * factor;
      }
    }
  };

  const checkLength = (what: string, length: number): void => {
    if (!Number.isSafeInteger(length) || length < 0) {
      throw new RangeError(`rng.${what}(length, ...): length must be a non-negative integer, got ${length}`);
    }
  };

  const rng: Rng = {
    seed: seed32,
    nextU32,
    float,
    uniform,
    int,
    normal,
    float32Array(length, lo, hi) {
      checkLength('float32Array', length);
      const out = new Float32Array(length);
      for (let i = 0; i < length; i++) out[i] = uniform(lo, hi);
      return out;
    },
    normalFloat32Array(length, mean = 0, std = 1) {
      checkLength('normalFloat32Array', length);
      const out = new Float32Array(length);
      for (let i = 0; i < length; i++) out[i] = normal(mean, std);
      return out;
    },
    int32Array(length, lo, hi) {
      checkLength('int32Array', length);
      if (lo < -2147483648 || hi > 2147483647) {
        throw new RangeError(`rng.int32Array: [${lo}, ${hi}] is outside the i32 range`);
      }
      const out = new Int32Array(length);
      for (let i = 0; i < length; i++) out[i] = int(lo, hi);
      return out;
    },
    uint32Array(length, lo, hi) {
      checkLength('uint32Array', length);
      if (lo < 0 || hi > 4294967295) {
        throw new RangeError(`rng.uint32Array: [${lo}, ${hi}] is outside the u32 range`);
      }
      const out = new Uint32Array(length);
      for (let i = 0; i < length; i++) out[i] = int(lo, hi);
      return out;
    },
    fork(label) {
      return createRng(deriveSeed(seed32, label));
    },
  };
  return rng;
}
