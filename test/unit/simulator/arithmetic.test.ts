/**
 * Simulator semantics of numbers: f32 rounding, i32/u32 wrap-around, shifts,
 * division by zero, conversions, bitcast, math and bit built-ins, and the
 * errors for ill-typed or overflowing constant expressions.
 */
import { describe, expect, it } from 'vitest';
import { compute, run } from './helpers';

describe('f32 arithmetic', () => {
  it('rounds to float32 after every operation', () => {
    const [a, b, c, d] = compute(
      `let big = out[0];
       out[0] = big + 1.0;                 // 16777216 + 1 is not representable in f32
       out[1] = (big + 1.0) - big;          // so this is 0, not 1
       out[2] = out[2] / 3.0;               // 1/3 rounded to f32
       out[3] = 0.1 + 0.2;                  // abstract constant, converted to f32`,
      new Float32Array([16777216, 0, 1, 0]),
    );
    expect(a).toBe(16777216);
    expect(b).toBe(0);
    expect(c).toBe(Math.fround(1 / 3));
    expect(d).toBe(Math.fround(0.1 + 0.2));
  });

  it('computes % like WGSL (sign of the dividend) and handles division by zero as IEEE', () => {
    const out = compute(`let x = out[0]; let z = out[1];
      out[2] = -7.5 % 2.0; out[3] = x / z; out[4] = -x / z;`, new Float32Array([1, 0, 0, 0, 0]));
    expect(out.slice(2)).toEqual([-1.5, Infinity, -Infinity]);
  });

  it('implements math built-ins', () => {
    const out = compute(
      `out[0] = sqrt(2.0); out[1] = round(2.5); out[2] = round(3.5); out[3] = round(-2.5);
       out[4] = clamp(5.0, 0.0, 1.0); out[5] = fma(2.0, 3.0, 1.0); out[6] = exp2(3.0); out[7] = floor(-1.5);
       out[8] = select(1.0, 2.0, true); out[9] = tanh(0.5); out[10] = pow(2.0, 10.0); out[11] = min(3.0, -1.0);
       out[12] = fract(2.75); out[13] = mix(0.0, 10.0, 0.25); out[14] = step(1.0, 0.5); out[15] = sign(-3.0);`,
      new Float32Array(16),
    );
    expect(out).toEqual([
      Math.fround(Math.SQRT2), 2, 4, -2, 1, 7, 8, -2, 2, Math.fround(Math.tanh(0.5)), 1024, -1, 0.75, 2.5, 0, -1,
    ]);
  });
});

describe('integer arithmetic', () => {
  it('wraps i32 and u32 on overflow', () => {
    const i = compute(`let max = out[0]; out[1] = max + 1; out[2] = max * 2; out[3] = -(out[3]); out[4] = abs(out[4]);`, new Int32Array([2147483647, 0, 0, -2147483648, -2147483648]));
    expect(i.slice(1)).toEqual([-2147483648, -2, -2147483648, -2147483648]);
    const u = compute(`let zero = out[0]; out[1] = zero - 1u; out[2] = 4294967295u + out[2]; out[3] = 65536u * out[3] * 65536u;`, new Uint32Array([0, 0, 2, 1]));
    expect(u.slice(1)).toEqual([4294967295, 1, 0]);
  });

  it('shifts like WGSL: arithmetic for i32, logical for u32, amount modulo 32 at runtime', () => {
    const u = compute(`let one = out[0]; let n = out[1];
      out[2] = one << 31u; out[3] = one << n; out[4] = 0x80000000u >> 31u; out[5] = 0xF0u >> 4u;`, new Uint32Array([1, 33, 0, 0, 0, 0]));
    expect(u.slice(2)).toEqual([2147483648, 2, 1, 15]);
    const i = compute(`let m = out[0]; out[1] = m >> 1u; out[2] = m << 1u; out[3] = ~m;`, new Int32Array([-8, 0, 0, 0]));
    expect(i.slice(1)).toEqual([-4, -16, 7]);
  });

  it('defines division and remainder by zero and MIN / -1 as the spec does', () => {
    const i = compute(`let x = out[0]; let zero = out[1]; let m1 = out[2];
      out[3] = x / zero; out[4] = x % zero; out[5] = -2147483647 - 1; out[6] = out[5] / m1; out[7] = out[5] % m1; out[8] = -7 / 2; out[9] = -7 % 2;`, new Int32Array([7, 0, -1, 0, 0, 0, 0, 0, 0, 0]));
    expect(i.slice(3)).toEqual([7, 0, -2147483648, -2147483648, 0, -3, -1]);
    const u = compute(`let x = out[0]; let zero = out[1]; out[2] = x / zero; out[3] = x % zero; out[4] = x / 2u;`, new Uint32Array([4294967295, 0, 0, 0, 0]));
    expect(u.slice(2)).toEqual([4294967295, 0, 2147483647]);
  });

  it('implements bit built-ins', () => {
    const u = compute(`let x = out[0];
      out[1] = countOneBits(x); out[2] = countLeadingZeros(x); out[3] = countTrailingZeros(x);
      out[4] = reverseBits(1u); out[5] = firstLeadingBit(x); out[6] = extractBits(x, 4u, 4u); out[7] = insertBits(0u, 0xFu, 8u, 4u);`, new Uint32Array([0xf0, 0, 0, 0, 0, 0, 0, 0]));
    expect(u.slice(1)).toEqual([4, 24, 4, 2147483648, 7, 15, 0xf00]);
  });
});

describe('conversions and bitcast', () => {
  it('truncates floats toward zero and saturates', () => {
    const i = compute(`let f = bitcast<f32>(out[0]);
      out[1] = i32(-3.7); out[2] = i32(f * 1e10); out[3] = i32(3.99);`, new Int32Array([0x3f800000, 0, 0, 0]));
    expect(i.slice(1)).toEqual([-3, 2147483520, 3]);
    const u = compute(`let neg = bitcast<f32>(out[0]); out[1] = u32(neg); out[2] = u32(5e9); out[3] = u32(-1i);`, new Uint32Array([0xbf800000, 0, 0, 0]));
    expect(u.slice(1)).toEqual([0, 4294967040, 4294967295]);
  });

  it('reinterprets bits with bitcast', () => {
    const u = compute(`out[0] = bitcast<u32>(1.0); out[1] = bitcast<u32>(-1i); out[2] = u32(bitcast<f32>(0x40000000u));`, new Uint32Array(3));
    expect(u).toEqual([0x3f800000, 4294967295, 2]);
  });

  it('converts between f32, i32, u32 and bool', () => {
    const f = compute(`let n = i32(out[0]); out[1] = f32(n) / 2.0; out[2] = f32(u32(7)); out[3] = f32(true); out[4] = select(0.0, 1.0, bool(n));`, new Float32Array([-5, 0, 0, 0, 0]));
    expect(f.slice(1)).toEqual([-2.5, 7, 1, 1]);
  });
});

describe('type errors', () => {
  it('rejects mixing f32 and i32 with a position and a fix', () => {
    const result = run({ code: `@compute @workgroup_size(1) fn main() {\n  let a = 1.0;\n  let b = 2i;\n  let c = a + b;\n}` });
    expect(result.ok).toBe(false);
    expect(result.errors[0]).toMatchObject({ kind: 'validation', line: 4 });
    expect(result.errors[0]?.message).toMatch(/f32.*i32/);
  });

  it('rejects an abstract integer that does not fit', () => {
    const result = run({ code: `@compute @workgroup_size(1) fn main() { let a: i32 = 3000000000; }` });
    expect(result.errors[0]?.kind).toBe('validation');
    expect(result.errors[0]?.message).toMatch(/does not fit in i32/);
  });
});

describe('constant expressions', () => {
  it('rejects constant integer overflow and constant shifts of 32 or more, as WGSL does', () => {
    const overflow = run({ code: `@compute @workgroup_size(1) fn main() { let a = 65536u * 65536u; }` });
    expect(overflow.errors[0]?.message).toMatch(/overflows u32/);
    const shift = run({ code: `@compute @workgroup_size(1) fn main() { var x = 1u; x = x << 32u; }` });
    expect(shift.errors[0]?.message).toMatch(/less than 32/);
  });
});
